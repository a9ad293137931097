using System.Globalization;
using System.Runtime;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Cli;

/// <summary>Options of <c>bench engine</c>; defaults are the peer benchmark's.</summary>
internal sealed record BenchEngineOptions(
    string AslPath,
    bool HappyOnly,
    int Warmup,
    int Sequential,
    int ConcurrentTotal,
    int Concurrency,
    int Repeat,
    BenchClock Clock,
    bool SyncHandlers);

/// <summary>
/// The Step Functions engine alone on the peer's saga ASL: sequential and concurrent executions per second, latency,
/// CPU and memory, with every execution checked against the end its scenario requires.
/// Retry backoff (IntervalSeconds 1–2 s in the ASL) takes no wall time: each execution runs on its own
/// <see cref="VirtualTimeProvider"/>, whose clock jumps to the backoff's end as soon as the execution is idle. The peer
/// gets the same effect by overriding the retry intervals to 0 ms (<c>retryIntervalOverrides</c>).
/// </summary>
internal sealed class BenchEngineRunner(CompiledStateMachine machine, BenchEngineOptions options)
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:111111111111:stateMachine:saga-bench";
    private readonly BenchTaskInvoker _invoker = new(!options.SyncHandlers);
    private readonly DateTimeOffset _clockStart = TimeProvider.System.GetUtcNow();
    private ExecutionServices? _shared;
    private int _ok;
    private int _failedAsExpected;
    private int _wrong;

    public async Task<(JsonObject Report, bool AllAsExpected)> RunAsync(TextWriter log)
    {
        _shared = options.Clock == BenchClock.PerExecution ? null : Services();
        var env = new JsonObject
        {
            ["engine"] = "OrderSaga.Local.States",
            ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["platform"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            ["cpus"] = Environment.ProcessorCount,
            ["serverGc"] = GCSettings.IsServerGC,
            ["concurrentGc"] = AppContext.TryGetSwitch("System.GC.Concurrent", out var c) ? c : null,
            ["clock"] = options.Clock switch
            {
                BenchClock.Shared => "one VirtualTimeProvider shared by all executions",
                BenchClock.System => "TimeProvider.System (retry backoff waits in real time)",
                _ => "a VirtualTimeProvider per execution",
            },
            ["handlers"] = options.SyncHandlers ? "complete synchronously" : "complete asynchronously (Task.Yield)",
            ["config"] = new JsonObject
            {
                ["asl"] = options.AslPath,
                ["mix"] = options.HappyOnly ? "happy" : "mixed",
                ["warmup"] = options.Warmup,
                ["seq"] = options.Sequential,
                ["concTotal"] = options.ConcurrentTotal,
                ["concurrency"] = options.Concurrency,
                ["repeat"] = options.Repeat,
            },
        };
        log.WriteLine($"# bench engine: {env["engine"]} on {env["runtime"]} ({env["platform"]}, {env["cpus"]} CPUs, server GC {GCSettings.IsServerGC})");
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# mix={(options.HappyOnly ? "happy" : "mixed")} warmup={options.Warmup} seq={options.Sequential} conc={options.ConcurrentTotal}@{options.Concurrency} repeat={options.Repeat}; {env["clock"]}; handlers {env["handlers"]}"));

        var paths = await TracePathsAsync(log);
        var warm = await BenchMeter.RunAsync("warmup", options.Warmup, 1, RunOneAsync);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# warm-up: {warm.Executions} executions in {warm.WallMs:0.0} ms"));
        var results = new List<BenchPhaseResult>();
        for (var r = 1; r <= options.Repeat; r++)
        {
            results.Add(await BenchMeter.RunAsync($"sequential#{r}", options.Sequential, 1, RunOneAsync));
            results.Add(await BenchMeter.RunAsync($"concurrent#{r}", options.ConcurrentTotal, options.Concurrency, RunOneAsync));
        }

        foreach (var result in results)
        {
            log.WriteLine(result.Line());
        }

        var seq = results.Where(x => x.Phase.StartsWith("sequential", StringComparison.Ordinal)).ToArray();
        var conc = results.Where(x => x.Phase.StartsWith("concurrent", StringComparison.Ordinal)).ToArray();
        var allAsExpected = _wrong == 0;
        var summary = new JsonObject
        {
            ["sequentialPerSecond"] = Math.Round(BenchMeter.Median(seq.Select(x => x.ExecPerSec)), 1),
            ["concurrentPerSecond"] = Math.Round(BenchMeter.Median(conc.Select(x => x.ExecPerSec)), 1),
            ["concurrency"] = options.Concurrency,
            ["sequentialP50Ms"] = Math.Round(BenchMeter.Median(seq.Select(x => x.P50)), 4),
            ["sequentialP99Ms"] = Math.Round(BenchMeter.Median(seq.Select(x => x.P99)), 4),
            ["concurrentP50Ms"] = Math.Round(BenchMeter.Median(conc.Select(x => x.P50)), 4),
            ["concurrentP99Ms"] = Math.Round(BenchMeter.Median(conc.Select(x => x.P99)), 4),
            ["sequentialCpuMsPerExec"] = Math.Round(BenchMeter.Median(seq.Select(x => x.CpuMsPerExec)), 4),
            ["concurrentCpuMsPerExec"] = Math.Round(BenchMeter.Median(conc.Select(x => x.CpuMsPerExec)), 4),
            ["allocatedKBPerExec"] = Math.Round(BenchMeter.Median(seq.Select(x => x.AllocatedKBPerExec)), 2),
            ["peakRssMB"] = BenchMeter.PeakRssMB(),
            ["correctness"] = new JsonObject { ["ok"] = _ok, ["failedAsExpected"] = _failedAsExpected, ["wrong"] = _wrong },
            ["allAsExpected"] = allAsExpected,
        };
        log.WriteLine($"# summary {summary.ToJsonString()}");
        var report = new JsonObject
        {
            ["env"] = env,
            ["paths"] = paths,
            ["warm"] = warm.ToJson(),
            ["results"] = new JsonArray(results.Select(x => (JsonNode)x.ToJson()).ToArray()),
            ["summary"] = summary,
        };
        return (report, allAsExpected);
    }

    private ExecutionServices Services() => new()
    {
        TaskInvoker = _invoker,
        Time = options.Clock == BenchClock.System ? TimeProvider.System : new VirtualTimeProvider(_clockStart),
    };

    private async Task RunOneAsync(int i)
    {
        var scenario = BenchScenarios.For(i, options.HappyOnly);
        var execution = await RunAsync(i, scenario);
        if (Verdict(execution, i, scenario) is { } problem)
        {
            if (Interlocked.Increment(ref _wrong) < 5)
            {
                await Console.Error.WriteLineAsync($"unexpected {scenario} #{i}: {problem}");
            }
        }
        else if (BenchScenarios.ExpectSuccess(scenario))
        {
            Interlocked.Increment(ref _ok);
        }
        else
        {
            Interlocked.Increment(ref _failedAsExpected);
        }
    }

    private async Task<Execution> RunAsync(int i, string scenario)
    {
        var name = "bench-" + i.ToString(CultureInfo.InvariantCulture);
        var execution = machine.Start(new ExecutionRequest(StateMachineArn, name, BenchScenarios.Input(i, scenario)), _shared ?? Services());
        await execution.Completion;
        return execution;
    }

    private static string? Verdict(Execution execution, int i, string scenario)
    {
        if (BenchScenarios.ExpectSuccess(scenario))
        {
            var messageId = (string?)execution.Output?["notification"]?["messageId"];
            return execution.Status == ExecutionStatus.Succeeded && messageId == "msg-o-" + i.ToString(CultureInfo.InvariantCulture)
                ? null
                : $"expected SUCCEEDED with notification.messageId msg-o-{i}, got {execution.Status} {execution.Error} {execution.Cause}";
        }

        return execution.Status == ExecutionStatus.Failed && execution.Error == "OrderFailed"
            ? null
            : $"expected FAILED with OrderFailed, got {execution.Status} {execution.Error} {execution.Cause}";
    }

    /// <summary>One execution per scenario, with its history, to show the path each takes (as the peer prints it).</summary>
    private async Task<JsonObject> TracePathsAsync(TextWriter log)
    {
        var paths = new JsonObject();
        for (var k = 0; k < BenchScenarios.All.Length; k++)
        {
            var scenario = BenchScenarios.All[k];
            var i = 900000 + k;
            var execution = await RunAsync(i, scenario);
            var history = execution.History;
            var entered = history.Where(e => e.Type.EndsWith("StateEntered", StringComparison.Ordinal))
                .Select(e => (string?)e.Details?["name"] ?? "?")
                .ToArray();
            var taskFailures = history.Count(e => e.Type is "TaskFailed" or "LambdaFunctionFailed");
            var problem = Verdict(execution, i, scenario);
            var outcome = execution.Status == ExecutionStatus.Succeeded ? "Succeeded" : $"Failed({execution.Error})";
            log.WriteLine($"# path {scenario,-15} {outcome,-20} task failures={taskFailures} history events={history.Count}: {string.Join(" > ", entered)}");
            paths[scenario] = new JsonObject
            {
                ["outcome"] = outcome,
                ["path"] = new JsonArray(entered.Select(s => (JsonNode?)s).ToArray()),
                ["taskFailures"] = taskFailures,
                ["historyEvents"] = history.Count,
                ["problem"] = problem,
            };
            if (problem is not null)
            {
                Interlocked.Increment(ref _wrong);
            }
        }

        return paths;
    }
}
