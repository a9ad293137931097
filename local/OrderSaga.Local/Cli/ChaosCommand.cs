using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using OrderSaga.Local.Chaos;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary>
/// <c>chaos</c>: start a local cloud as a child process with random faults switched on, send many orders at once,
/// SIGKILL and restart the cloud every K orders, wait until every order has ended, and check the invariants
/// (<see cref="ChaosInvariants"/>). Exits 1 when any is broken.
/// </summary>
internal static class ChaosCommand
{
    public static Command Create()
    {
        var orders = new Option<int>("--orders") { Description = "How many orders to send.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of the orders, of the cloud's faults and of its retry jitter: the same seed sends the same orders and meets the same faults.", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--fault-rate") { Description = "Probability (0-1) that each Lambda invocation or DynamoDB call of a Task state fails (error, timeout, crash, throttling).", DefaultValueFactory = _ => 0.2 };
        var restartEvery = new Option<int>("--restart-every") { Description = "SIGKILL and restart the local cloud after every K orders sent; 0 never.", DefaultValueFactory = _ => 0 };
        var report = new Option<FileInfo?>("--report") { Description = "Write the report as JSON to this file." };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds to wait, once every order is sent, for every order to end (default: 300 + 0.5 per order); what has not ended is reported as a violation." };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "The cloud's data folder (default: a new temporary folder, deleted afterwards unless --keep-data)." };
        var keepData = new Option<bool>("--keep-data") { Description = "Keep the temporary folder (the cloud's data and log) after the run." };
        var parallelism = new Option<int>("--parallelism") { Description = "PutEvents calls in flight at once.", DefaultValueFactory = _ => 16 };
        var command = new Command("chaos", "Run many orders concurrently against a local cloud (a child process) that injects random faults and is killed and restarted every K orders; then check that every order ended, stock and money are conserved, nothing was charged twice and every event is accounted for.");
        foreach (var option in new Option[] { orders, seed, rate, restartEvery, report, timeout, dataDir, keepData, parallelism })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var settings = new ChaosCommandSettings(
                r.GetValue(orders), r.GetValue(seed), r.GetValue(rate), r.GetValue(restartEvery), r.GetValue(report), r.GetValue(timeout),
                r.GetValue(dataDir), r.GetValue(keepData), r.GetValue(parallelism));
            if (settings.Validate() is { } error)
            {
                await Console.Error.WriteLineAsync($"chaos: {error}");
                return 2;
            }

            try
            {
                return await RunAsync(settings, ct);
            }
            catch (Exception ex) when (ex is LocalCloudException or EndpointException or IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"chaos: {ex.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("chaos: interrupted; the local cloud was stopped.");
                return 130;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(ChaosCommandSettings settings, CancellationToken ct)
    {
        var work = Directory.CreateTempSubdirectory("ordersaga-chaos-");
        var dataDirectory = settings.DataDir?.FullName ?? Path.Combine(work.FullName, "data");
        Directory.CreateDirectory(dataDirectory);
        var logPath = Path.Combine(work.FullName, "cloud.log");
        try
        {
            await using var cloud = await ChaosCloudProcess.StartAsync(dataDirectory, settings.Seed, settings.FaultRate, logPath, RepositoryLocator.Find(), Console.Out, ct);
            var options = new ChaosRunOptions
            {
                Orders = settings.Orders,
                Seed = settings.Seed,
                FaultRate = settings.FaultRate,
                RestartEvery = settings.RestartEvery,
                Tag = $"S{settings.Seed.ToString(CultureInfo.InvariantCulture)}",
                Parallelism = settings.Parallelism,
                Timeout = TimeSpan.FromSeconds(settings.Timeout ?? (300 + (settings.Orders / 2))),
            };
            var result = await new ChaosRunner(cloud, options, Console.Out).RunAsync(ct);
            ChaosReport.WriteSummary(result, Console.Out);
            if (settings.Report is { } file)
            {
                await using var stream = File.Create(file.FullName);
                await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
                ChaosReport.ToJson(result).WriteTo(writer);
                Console.WriteLine($"Report: {file.FullName}");
            }

            Console.WriteLine($"Cloud log: {cloud.LogPath}{(settings.KeepData ? string.Empty : " (deleted with the temporary folder; --keep-data keeps it)")}");
            return result.Verdict.Violations.Count == 0 ? 0 : 1;
        }
        finally
        {
            if (!settings.KeepData)
            {
                try
                {
                    work.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // A file still held open by a dying child; the folder is in the temporary directory anyway.
                }
            }
        }
    }

    private sealed record ChaosCommandSettings(
        int Orders, int Seed, double FaultRate, int RestartEvery, FileInfo? Report, int? Timeout, DirectoryInfo? DataDir, bool KeepData, int Parallelism)
    {
        public string? Validate() =>
            Orders < 1 ? $"--orders must be at least 1, not {Orders}"
            : ChaosSettings.Validate(FaultRate) is { } rate ? $"--fault-rate: {rate}"
            : RestartEvery < 0 ? $"--restart-every must be 0 (never) or a positive number of orders, not {RestartEvery}"
            : Timeout is <= 0 ? $"--timeout must be a positive number of seconds, not {Timeout}"
            : Parallelism < 1 ? $"--parallelism must be at least 1, not {Parallelism}"
            : DataDir is { Exists: true } dir && dir.EnumerateFileSystemInfos().Any() ? $"--data-dir {dir.FullName} is not empty: a run's orders and stock are named after its seed, so it needs a cloud of its own"
            : null;
    }
}
