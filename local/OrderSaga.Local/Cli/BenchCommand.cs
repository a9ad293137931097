using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Cli;

/// <summary><c>bench engine|events</c>: throughput of the local engines alone, in process, comparable with the peer benchmark.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure the local engines alone (the Step Functions engine on the saga ASL, EventBridge rule matching) and orders end to end through a local cloud.");
        command.Subcommands.Add(Engine());
        command.Subcommands.Add(Events());
        command.Subcommands.Add(BenchEndToEndCommand.Create());
        return command;
    }

    private static Command Engine()
    {
        var asl = new Option<FileInfo>("--asl") { Description = "the saga ASL (default: bench/saga-bench.asl.json in the repository)" };
        var mix = new Option<string>("--mix") { Description = "mixed (80% happy, 10% retried payment, 5% caught decline, 5% Choice into compensation) or happy", DefaultValueFactory = _ => "mixed" };
        mix.AcceptOnlyFromAmong("mixed", "happy");
        var warmup = PositiveInt("--warmup", "warm-up executions before measuring", 500);
        var seq = PositiveInt("--seq", "sequential executions per repetition", 1000);
        var concTotal = PositiveInt("--conc-total", "executions per concurrent repetition", 5000);
        var concurrency = PositiveInt("--concurrency", "executions in flight in the concurrent phase", 100);
        var repeat = PositiveInt("--repeat", "repetitions of each measured phase", 3);
        var json = new Option<FileInfo>("--json") { Description = "also write every result as JSON to this file" };
        var clock = new Option<string>("--clock")
        {
            Description = "per-execution: a VirtualTimeProvider each (default); shared: one for all (a backoff then waits until every execution is idle); system: real time (retry backoff really waits 1-2 s: use with --mix happy, to measure the engine without a virtual clock)",
            DefaultValueFactory = _ => "per-execution",
        };
        clock.AcceptOnlyFromAmong("per-execution", "shared", "system");
        var syncHandlers = new Option<bool>("--sync-handlers") { Description = "task handlers complete synchronously (an execution then runs start to end inside Start)" };
        var command = new Command("engine", "Run the saga ASL many times through the local Step Functions engine with in-process task handlers; exits 1 if any execution ends otherwise than its scenario requires.");
        foreach (var o in new Option[] { asl, mix, warmup, seq, concTotal, concurrency, repeat, json, clock, syncHandlers })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var aslFile = result.GetValue(asl) is { } given ? CommandFiles.FromInvocationDirectory(given) : DefaultAsl();
            if (aslFile is null || !aslFile.Exists)
            {
                await Console.Error.WriteLineAsync($"bench engine: ASL file not found: {aslFile?.FullName ?? "bench/saga-bench.asl.json (pass --asl)"}");
                return 2;
            }

            var text = await File.ReadAllTextAsync(aslFile.FullName, ct);
            if (!CompiledStateMachine.TryCompile(text, out var machine, out var errors))
            {
                await Console.Error.WriteLineAsync($"bench engine: {aslFile.FullName} is not a valid state machine (bench/saga-bench.asl.json is the peer's ASL made valid for AWS):");
                foreach (var e in errors)
                {
                    await Console.Error.WriteLineAsync("  " + e);
                }

                return 2;
            }

            var options = new BenchEngineOptions(
                aslFile.FullName,
                result.GetValue(mix) == "happy",
                result.GetValue(warmup),
                result.GetValue(seq),
                result.GetValue(concTotal),
                result.GetValue(concurrency),
                result.GetValue(repeat),
                result.GetValue(clock) switch { "shared" => BenchClock.Shared, "system" => BenchClock.System, _ => BenchClock.PerExecution },
                result.GetValue(syncHandlers));
            var (report, allAsExpected) = await new BenchEngineRunner(machine!, options).RunAsync(Console.Out);
            await CommandFiles.WriteJsonAsync(result.GetValue(json), report, ct);
            if (!allAsExpected)
            {
                await Console.Error.WriteLineAsync($"# bench engine: {report["summary"]!["correctness"]!["wrong"]} executions ended unexpectedly");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static Command Events()
    {
        var rules = new Option<string>("--rules") { Description = "comma-separated rule counts", DefaultValueFactory = _ => "1,100,1000" };
        var events = PositiveInt("--events", "events matched per measurement", 200_000);
        var distinct = PositiveInt("--distinct", "distinct events generated (cycled through)", 1000);
        var repeat = PositiveInt("--repeat", "measurements per rule count (median reported)", 3);
        var json = new Option<FileInfo>("--json") { Description = "also write the results as JSON to this file" };
        var command = new Command("events", "Order events per second matched against buses of 1, 100 and 1,000 compiled rules; exits 1 if the indexed match ever disagrees with testing rule by rule.");
        foreach (var o in new Option[] { rules, events, distinct, repeat, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var counts = new List<int>();
            foreach (var part in result.GetValue(rules)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                {
                    await Console.Error.WriteLineAsync($"bench events: --rules: '{part}' is not a positive whole number");
                    return 2;
                }

                counts.Add(n);
            }

            var (report, consistent) = BenchEventsRunner.Run([.. counts], result.GetValue(events), result.GetValue(distinct), result.GetValue(repeat), Console.Out);
            await CommandFiles.WriteJsonAsync(result.GetValue(json), report, ct);
            if (!consistent)
            {
                await Console.Error.WriteLineAsync("# bench events: the bus's indexed match disagreed with testing each rule");
                return 1;
            }

            return 0;
        });
        return command;
    }

    private static Option<int> PositiveInt(string name, string description, int defaultValue)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError($"{name} must be at least 1.");
            }
        });
        return option;
    }

    private static FileInfo? DefaultAsl()
    {
        try
        {
            var repo = RepositoryLocator.Find();
            return new FileInfo(Path.Combine(repo, "bench", "saga-bench.asl.json"));
        }
        catch (Cloud.LocalCloudException)
        {
            return null;
        }
    }
}
