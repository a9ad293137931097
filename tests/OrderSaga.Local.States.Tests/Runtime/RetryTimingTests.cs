using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

public sealed class RetryTimingTests
{
    private const string Definition = """
        {"StartAt": "Call", "States": {"Call": {
          "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "End": true,
          "Retry": [{"ErrorEquals": ["Transient"], "IntervalSeconds": 3, "BackoffRate": 2, "MaxAttempts": 3, "MaxDelaySeconds": 10, "JitterStrategy": "NONE"}]}}}
        """;

    [Fact]
    public async Task Run_TransientFailures_BacksOffExponentiallyInVirtualTime()
    {
        var invoker = new ScriptedInvoker(failuresBeforeSuccess: 3);

        var execution = await EngineHarness.RunAsync(Definition, invoker: invoker);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(4, invoker.Calls);
        var scheduled = execution.History.Where(e => e.Type == "LambdaFunctionScheduled").Select(e => e.Timestamp).ToList();
        var gaps = scheduled.Zip(scheduled.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        Assert.Equal([3.0, 6.0, 10.0], gaps);
    }

    [Fact]
    public async Task Run_FailuresBeyondMaxAttempts_FailsWithTheTaskError()
    {
        var execution = await EngineHarness.RunAsync(Definition, invoker: new ScriptedInvoker(failuresBeforeSuccess: 10));

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Transient", execution.Error);
        Assert.Equal("attempt 4 failed", execution.Cause);
    }

    [Fact]
    public async Task Run_FullJitter_StaysWithinTheBackoffAndRepeatsWithTheSameSeed()
    {
        var jittered = Definition.Replace("\"NONE\"", "\"FULL\"", StringComparison.Ordinal);

        var first = await EngineHarness.RunAsync(jittered, invoker: new ScriptedInvoker(failuresBeforeSuccess: 3));
        var second = await EngineHarness.RunAsync(jittered, invoker: new ScriptedInvoker(failuresBeforeSuccess: 3));

        var gapsFirst = Gaps(first);
        Assert.Equal(gapsFirst, Gaps(second));
        Assert.All(gapsFirst.Zip([3.0, 6.0, 10.0]), g => Assert.InRange(g.First, 0, g.Second));
    }

    [Fact]
    public async Task Run_ErrorNotInRetrier_IsNotRetried()
    {
        var invoker = new ScriptedInvoker(failuresBeforeSuccess: 1, error: "Permanent");

        var execution = await EngineHarness.RunAsync(Definition, invoker: invoker);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(1, invoker.Calls);
    }

    private static List<double> Gaps(Execution execution)
    {
        var scheduled = execution.History.Where(e => e.Type == "LambdaFunctionScheduled").Select(e => e.Timestamp).ToList();
        return [.. scheduled.Zip(scheduled.Skip(1), (a, b) => (b - a).TotalSeconds)];
    }
}
