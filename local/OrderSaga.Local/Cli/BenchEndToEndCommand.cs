using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary><c>bench e2e</c>: start a private local cloud as <c>demo</c> does and measure orders per second through it, end to end.</summary>
internal static class BenchEndToEndCommand
{
    public static Command Create()
    {
        var orders = new Option<int>("--orders") { Description = "orders per concurrency level", DefaultValueFactory = _ => 200 };
        var concurrency = new Option<string>("--concurrency") { Description = "comma-separated numbers of orders in flight", DefaultValueFactory = _ => "1,10,50,100" };
        var json = new Option<FileInfo>("--json") { Description = "also write the results as JSON to this file" };
        var mix = new Option<string>("--mix") { Description = "happy (every order charged and confirmed) or mixed (1 in 10 declined and compensated)", DefaultValueFactory = _ => "happy" };
        mix.AcceptOnlyFromAmong("happy", "mixed");
        var clock = new Option<string>("--clock") { Description = "virtual (as demo) or real", DefaultValueFactory = _ => "virtual" };
        clock.AcceptOnlyFromAmong("virtual", "real");
        var warmup = new Option<int>("--warmup") { Description = "orders sent first, 4 in flight, not measured: they start the Lambda workers and let the JIT compile their code", DefaultValueFactory = _ => 200 };
        var seed = new Option<int?>("--seed") { Description = "seed for retry jitter", DefaultValueFactory = _ => 1 };
        var command = new Command("e2e", "Orders per second through a local cloud (as demo starts it), from PutEvents on its endpoint to each execution's end, at several concurrency levels; p50/p99 latency, where the time goes, Lambda cold and warm starts. Exits 1 if any order ends otherwise than it should.");
        foreach (var o in new Option[] { orders, concurrency, json, mix, clock, warmup, seed })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var levels = new List<int>();
            foreach (var part in result.GetValue(concurrency)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    await Console.Error.WriteLineAsync($"bench e2e: --concurrency: '{part}' is not a positive whole number");
                    return 2;
                }

                levels.Add(n);
            }

            if (result.GetValue(orders) < 1 || result.GetValue(warmup) < 1)
            {
                await Console.Error.WriteLineAsync("bench e2e: --orders and --warmup must be at least 1");
                return 2;
            }

            var options = new BenchEndToEndOptions(result.GetValue(orders), levels, result.GetValue(mix) == "mixed", result.GetValue(clock) == "virtual", result.GetValue(warmup));
            var seedDirectory = Directory.CreateTempSubdirectory("ordersaga-bench-e2e-");
            try
            {
                var seedFile = Path.Combine(seedDirectory.FullName, "seed.json");
                await File.WriteAllTextAsync(seedFile, InventorySeed(), ct);
                using var probe = new HttpTrafficProbe();
                Console.WriteLine("Starting a local cloud as demo does (synthesizing the stack first if it is out of date)...");
                var cloudOptions = new LocalCloudOptions
                {
                    Port = 0,
                    VirtualClock = options.VirtualClock,
                    Seed = result.GetValue(seed),
                    RepositoryRoot = RepositoryLocator.Find(),
                    SeedFile = seedFile,
                };
                await using var cloud = await LocalCloud.StartAsync(cloudOptions, TextWriter.Null, ct);
                Console.WriteLine($"Local cloud on {cloud.Endpoint} ({(options.VirtualClock ? "virtual" : "real")} clock, up to {cloud.Lambda.Options.MaxWorkersPerFunction} workers per function).");
                var (report, wrong) = await new BenchEndToEndRunner(cloud, options, probe, Console.Out).RunAsync(ct);
                await CommandFiles.WriteJsonAsync(result.GetValue(json), report, ct);

                if (wrong > 0)
                {
                    await Console.Error.WriteLineAsync($"# bench e2e: {wrong} orders ended otherwise than they should");
                    return 1;
                }

                return 0;
            }
            catch (Exception ex) when (ex is LocalCloudException or EndpointException or DemoException)
            {
                await Console.Error.WriteLineAsync($"bench e2e: {ex.Message}");
                return 1;
            }
            finally
            {
                seedDirectory.Delete(recursive: true);
            }
        });
        return command;
    }

    private static string InventorySeed()
    {
        var items = new JsonArray();
        for (var i = 0; i < BenchEndToEndRunner.Skus; i++)
        {
            items.Add(new JsonObject { ["sku"] = BenchEndToEndRunner.SkuPrefix + i.ToString(CultureInfo.InvariantCulture), ["available"] = 100_000_000 });
        }

        return new JsonObject { ["InventoryTable"] = items }.ToJsonString();
    }
}
