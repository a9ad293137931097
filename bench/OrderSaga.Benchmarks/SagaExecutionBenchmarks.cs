using System.Globalization;
using BenchmarkDotNet.Attributes;
using OrderSaga.Local.Cli;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Benchmarks;

/// <summary>
/// Whole executions of bench/saga-bench.asl.json through CompiledStateMachine with the in-process handlers of
/// <c>bench engine</c>, each on its own VirtualTimeProvider (a retry's 1 s backoff takes no wall time). Handlers answer
/// asynchronously, as Lambda results do.
/// </summary>
[MemoryDiagnoser]
public class SagaExecutionBenchmarks
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:saga-bench";
    private const int MixSize = 20;
    private readonly BenchTaskInvoker _invoker = new(completeAsynchronously: true);
    private readonly DateTimeOffset _clockStart = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private CompiledStateMachine _machine = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var asl = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "saga-bench.asl.json"));
        if (!CompiledStateMachine.TryCompile(asl, out var machine, out var errors))
        {
            throw new InvalidOperationException("saga-bench.asl.json is not valid: " + string.Join("; ", errors));
        }

        _machine = machine!;
        for (var i = 0; i < MixSize; i++)
        {
            var scenario = BenchScenarios.For(i, happyOnly: false);
            var execution = RunAsync(i, scenario).GetAwaiter().GetResult();
            var expected = BenchScenarios.ExpectSuccess(scenario) ? ExecutionStatus.Succeeded : ExecutionStatus.Failed;
            if (execution.Status != expected)
            {
                throw new InvalidOperationException($"{scenario} #{i} ended {execution.Status} ({execution.Error}: {execution.Cause}), meant {expected}");
            }
        }
    }

    /// <summary>One order down the happy path: 6 transitions, 3 Lambda tasks.</summary>
    [Benchmark]
    public async Task<ExecutionStatus> HappyExecution() => (await RunAsync(_next++, BenchScenarios.Happy)).Status;

    /// <summary>The peer's mix of 20 (16 happy, 2 retried payments, 1 caught decline, 1 Choice into compensation), one after another; per execution.</summary>
    [Benchmark(OperationsPerInvoke = MixSize)]
    public async Task<int> MixedExecution()
    {
        var succeeded = 0;
        for (var i = 0; i < MixSize; i++)
        {
            var execution = await RunAsync(_next++, BenchScenarios.For(i, happyOnly: false));
            succeeded += execution.Status == ExecutionStatus.Succeeded ? 1 : 0;
        }

        return succeeded;
    }

    /// <summary>The mix of 20 in flight at once; per execution.</summary>
    [Benchmark(OperationsPerInvoke = MixSize)]
    public async Task<int> MixedConcurrent()
    {
        var runs = new Task<Execution>[MixSize];
        for (var i = 0; i < MixSize; i++)
        {
            runs[i] = RunAsync(_next++, BenchScenarios.For(i, happyOnly: false));
        }

        var executions = await Task.WhenAll(runs);
        return executions.Count(e => e.Status == ExecutionStatus.Succeeded);
    }

    private async Task<Execution> RunAsync(int i, string scenario)
    {
        var services = new ExecutionServices { TaskInvoker = _invoker, Time = new VirtualTimeProvider(_clockStart) };
        var input = BenchScenarios.Input(i % 1000, scenario);
        var execution = _machine.Start(new ExecutionRequest(StateMachineArn, "bench-" + i.ToString(CultureInfo.InvariantCulture), input), services);
        await execution.Completion;
        return execution;
    }
}
