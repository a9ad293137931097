using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

public sealed class ResumeTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:111111111111:function:f";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly string RememberThenCharge = $$$$$"""
        {"StartAt": "Remember", "States": {
          "Remember": {"Type": "Pass", "Assign": {"orderId.$": "$.order"}, "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "{{{{{FunctionArn}}}}}", "ResultPath": "$.charge", "Next": "Done",
                     "Parameters": {"orderId.$": "$orderId", "redriveCount.$": "$$.Execution.RedriveCount"}},
          "Done": {"Type": "Pass", "End": true}}}
        """;

    [Fact]
    public async Task OnCheckpoint_EachTopLevelState_ReportsStateInputAndVariables()
    {
        var checkpoints = new ConcurrentQueue<ExecutionCheckpoint>();
        var machine = EngineHarness.Compile(RememberThenCharge);
        var services = new ExecutionServices
        {
            TaskInvoker = new ScriptedInvoker(),
            Time = new VirtualTimeProvider(EngineHarness.Start),
            OnCheckpoint = (_, c) => checkpoints.Enqueue(c),
        };

        var execution = machine.Start(EngineHarness.Request("""{"order": 7}"""), services);
        await execution.Completion.WaitAsync(Patience);

        Assert.True(execution.Status == ExecutionStatus.Succeeded, $"{execution.Status}: {execution.Error} {execution.Cause}");
        Assert.Equal(["Remember", "Charge", "Done"], checkpoints.Select(c => c.StateName));
        var charge = checkpoints.Single(c => c.StateName == "Charge");
        Assert.Equal("""{"order":7}""", JsonValues.ToText(charge.Input));
        Assert.Equal("""{"orderId":7}""", charge.Variables.ToJsonString());
        Assert.Equal("{}", checkpoints.First().Variables.ToJsonString());
    }

    [Fact]
    public async Task Restore_RunningInTask_ResumesFromCheckpointAsNoRedriveAndSucceeds()
    {
        var recorded = new ConcurrentDictionary<long, HistoryEvent>();
        ExecutionCheckpoint? last = null;
        var blocking = new BlockingInvoker();
        var machine = EngineHarness.Compile(RememberThenCharge);
        var crashed = machine.Start(EngineHarness.Request("""{"order": 7}"""), new ExecutionServices
        {
            TaskInvoker = blocking,
            Time = new VirtualTimeProvider(EngineHarness.Start),
            OnEvent = (_, e) => recorded[e.Id] = e,
            OnCheckpoint = (_, c) => last = c,
        });
        await blocking.FirstCallStarted.WaitAsync(Patience);
        var snapshot = Snapshot(crashed, [.. recorded.Values.OrderBy(e => e.Id)], last);
        crashed.Stop();

        var invoker = new ScriptedInvoker();
        var resumedEvents = new ConcurrentQueue<HistoryEvent>();
        var restored = machine.Restore(snapshot, new ExecutionServices
        {
            TaskInvoker = invoker,
            Time = new VirtualTimeProvider(EngineHarness.Start.AddHours(1)),
            OnEvent = (_, e) => resumedEvents.Enqueue(e),
        });
        await restored.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, restored.Status);
        Assert.Equal(crashed.Arn, restored.Arn);
        Assert.Equal(crashed.StartDate, restored.StartDate);
        Assert.Equal(0, restored.RedriveCount);
        Assert.Null(restored.RedriveDate);
        Assert.Equal("""{"orderId":7,"redriveCount":0}""", JsonValues.ToText(restored.Output!["charge"]));
        Assert.Equal(1, invoker.Calls);
        var history = restored.History;
        Assert.Equal(
            ["ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted",
             "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"],
            history.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Equal(6, history[6].PreviousEventId);
        Assert.Equal(history[3].PayloadText, history[6].PayloadText);
        Assert.Equal(history.Skip(snapshot.History.Count).Select(e => e.Id), resumedEvents.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task Restore_Failed_EndedAsRecordedAndRedrivable()
    {
        var machine = EngineHarness.Compile(RememberThenCharge);
        var services = EngineHarness.Services(new ScriptedInvoker(failuresBeforeSuccess: 1, error: "Boom"));
        var original = await machine.RunAsync(EngineHarness.Request("""{"order": 3}"""), services);
        Assert.Equal(ExecutionStatus.Failed, original.Status);

        var restored = machine.Restore(Snapshot(original, original.History, new ExecutionCheckpoint("Charge", JsonNode.Parse("""{"order":3}"""), new JsonObject { ["orderId"] = 3 })), services);

        Assert.True(restored.Completion.IsCompleted);
        Assert.Equal(ExecutionStatus.Failed, restored.Status);
        Assert.Equal("Boom", restored.Error);
        Assert.Equal(original.StopDate, restored.StopDate);
        Assert.Equal(original.History.Select(e => e.ToJson().ToJsonString()), restored.History.Select(e => e.ToJson().ToJsonString()));

        restored.Redrive(services);
        await restored.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Succeeded, restored.Status);
        Assert.Equal(1, restored.RedriveCount);
        Assert.Equal(3, restored.Output!["charge"]!["orderId"]!.GetValue<int>());
        Assert.Single(restored.History, e => e.Type == "ExecutionRedriven");
    }

    [Fact]
    public async Task Restore_HistoryWithGap_KeepsEventsUpToTheGapAndNumbersOn()
    {
        var machine = EngineHarness.Compile(RememberThenCharge);
        var services = EngineHarness.Services();
        var original = await machine.RunAsync(EngineHarness.Request("""{"order": 5}"""), services);
        var withGap = original.History.Take(3).Concat(original.History.Skip(4).Take(2)).ToList();
        var snapshot = Snapshot(original, withGap, null) with { Status = ExecutionStatus.Running, StopDate = null, Output = null };

        var restored = machine.Restore(snapshot, services);
        await restored.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, restored.Status);
        var history = restored.History;
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered"], history.Take(4).Select(e => e.Type));
        Assert.Equal("Remember", history[3].Details!["name"]!.GetValue<string>());
        Assert.Equal(5, restored.Output!["order"]!.GetValue<int>());
    }

    [Fact]
    public async Task Restore_CheckpointStateNoLongerInDefinition_FailsSayingWhy()
    {
        var original = await EngineHarness.Compile(RememberThenCharge).RunAsync(EngineHarness.Request("""{"order": 9}"""), EngineHarness.Services());
        var snapshot = Snapshot(original, original.History.Take(3).ToList(), new ExecutionCheckpoint("Charge", JsonNode.Parse("""{"order":9}"""), []))
            with { Status = ExecutionStatus.Running, StopDate = null, Output = null };
        var changed = EngineHarness.Compile("""{"StartAt": "Only", "States": {"Only": {"Type": "Pass", "End": true}}}""");

        var restored = changed.Restore(snapshot, EngineHarness.Services());

        Assert.True(restored.Completion.IsCompleted);
        Assert.Equal(ExecutionStatus.Failed, restored.Status);
        Assert.Equal("States.Runtime", restored.Error);
        Assert.Contains("'Charge'", restored.Cause, StringComparison.Ordinal);
        var failed = restored.History[^1];
        Assert.Equal(("ExecutionFailed", 4L, 3L), (failed.Type, failed.Id, failed.PreviousEventId));
    }

    [Fact]
    public void Restore_Null_Throws()
    {
        var machine = EngineHarness.Compile(RememberThenCharge);
        Assert.Throws<ArgumentNullException>(() => machine.Restore(null!, EngineHarness.Services()));
    }

    private static ExecutionSnapshot Snapshot(Execution e, IReadOnlyList<HistoryEvent> history, ExecutionCheckpoint? checkpoint) => new(
        e.Arn, e.Name, e.StateMachineArn, e.RoleArn, e.Type, e.Input, e.StartDate, e.Status, e.StopDate, e.Output, e.Error, e.Cause,
        e.RedriveCount, e.RedriveDate, history, checkpoint);
}
