using System.CommandLine;
using System.Text.Json;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary><c>cost</c>: what each demo scenario consumes on a local cloud, and what a million such orders cost on AWS.</summary>
internal static class CostCommand
{
    public static Command Create()
    {
        var json = new Option<FileInfo>("--json") { Description = "also write the measurements and prices as JSON to this file" };
        var seed = new Option<int?>("--seed") { Description = "seed for retry jitter", DefaultValueFactory = _ => 1 };
        var command = new Command("cost", "Run each demo scenario alone on a local cloud (as demo starts it), count the state transitions, events, Lambda requests and GB-seconds and DynamoDB request units it uses, and price one million such orders at AWS list prices. Exits 1 if a scenario ends otherwise than demo requires.");
        command.Options.Add(json);
        command.Options.Add(seed);
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            try
            {
                using var probe = new HttpTrafficProbe();
                Console.WriteLine("Starting a local cloud on the virtual clock, as demo does (synthesizing the stack first if it is out of date)...");
                var options = new LocalCloudOptions { Port = 0, VirtualClock = true, Seed = result.GetValue(seed), RepositoryRoot = RepositoryLocator.Find() };
                await using var cloud = await LocalCloud.StartAsync(options, TextWriter.Null, ct);
                var (report, wrong) = await new CostRunner(cloud, probe, Console.Out).RunAsync(ct);
                await CommandFiles.WriteJsonAsync(result.GetValue(json), report, ct);

                return wrong == 0 ? 0 : 1;
            }
            catch (Exception ex) when (ex is LocalCloudException or EndpointException or DemoException or TimeoutException)
            {
                await Console.Error.WriteLineAsync($"cost: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
