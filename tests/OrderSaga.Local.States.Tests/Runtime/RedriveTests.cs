using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

public sealed class RedriveTests
{
    private const string FunctionArn = "arn:aws:lambda:us-east-1:111111111111:function:f";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static readonly string PassThenTask = $$$$$"""
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Result": {"step": "prepared"}, "ResultPath": "$.prepare", "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "{{{{{FunctionArn}}}}}", "End": true,
                     "Parameters": {"order.$": "$.order", "prepare.$": "$.prepare", "redriveCount.$": "$$.Execution.RedriveCount"}}}}
        """;

    [Fact]
    public async Task Redrive_TaskFailedOnce_RerunsOnlyTheFailedStateWithItsInputAndSucceeds()
    {
        var invoker = new ScriptedInvoker(failuresBeforeSuccess: 1, error: "Boom");
        var clock = new VirtualTimeProvider(EngineHarness.Start);
        var machine = EngineHarness.Compile(PassThenTask);
        var services = EngineHarness.Services(invoker, clock);
        var execution = machine.Start(EngineHarness.Request("""{"order": 7}"""), services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal("Boom", execution.Error);
        var failedHistory = execution.History;

        var redriveDate = machine.Redrive(execution, services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Null(execution.Error);
        Assert.Null(execution.Cause);
        Assert.Equal(1, execution.RedriveCount);
        Assert.Equal(redriveDate, execution.RedriveDate);
        Assert.Equal("""{"order":7,"prepare":{"step":"prepared"},"redriveCount":1}""", JsonValues.ToText(execution.Output));
        Assert.Equal(2, invoker.Calls);

        var history = execution.History;
        Assert.Equal(failedHistory.Select(e => e.Id), history.Take(failedHistory.Count).Select(e => e.Id));
        Assert.Equal(
            ["ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionFailed", "ExecutionFailed",
             "ExecutionRedriven", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            history.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e.Id));

        var failed = history.Single(e => e.Type == "ExecutionFailed");
        var redriven = history.Single(e => e.Type == "ExecutionRedriven");
        Assert.Equal(failed.Id, redriven.PreviousEventId);
        Assert.Equal("executionRedrivenEventDetails", redriven.DetailsName);
        Assert.Equal(1, redriven.Details!["redriveCount"]!.GetValue<int>());
        Assert.Equal("""{"timestamp":"2024-01-01T00:00:00Z","type":"ExecutionRedriven","id":9,"previousEventId":8,"executionRedrivenEventDetails":{"redriveCount":1}}""".Replace("2024-01-01T00:00:00Z", Timestamps.Format(redriven.Timestamp), StringComparison.Ordinal), redriven.ToJson().ToJsonString());

        var entries = history.Where(e => e.Type == "TaskStateEntered").ToList();
        Assert.Equal(redriven.Id, entries[1].PreviousEventId);
        Assert.Equal(entries[0].PayloadText, entries[1].PayloadText);
    }

    [Fact]
    public async Task Redrive_Succeeded_RefusedAndNothingRecorded()
    {
        var machine = EngineHarness.Compile(PassThenTask);
        var services = EngineHarness.Services();
        var execution = machine.Start(EngineHarness.Request("""{"order": 1}"""), services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        var count = execution.HistoryCount;

        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", execution.NotRedrivableReason());
        var refused = Assert.Throws<ExecutionNotRedrivableException>(() => execution.Redrive(services));

        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", refused.Reason);
        Assert.Equal(execution.Arn, refused.ExecutionArn);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(0, execution.RedriveCount);
        Assert.Null(execution.RedriveDate);
        Assert.Equal(count, execution.HistoryCount);
    }

    [Fact]
    public async Task Redrive_FailsAgainThenSucceeds_CountsOneThenTwo()
    {
        var invoker = new ScriptedInvoker(failuresBeforeSuccess: 2);
        var machine = EngineHarness.Compile(PassThenTask);
        var services = EngineHarness.Services(invoker);
        var execution = machine.Start(EngineHarness.Request("""{"order": 2}"""), services);
        await execution.Completion.WaitAsync(Patience);

        machine.Redrive(execution, services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(1, execution.RedriveCount);
        Assert.Null(execution.NotRedrivableReason());

        execution.Redrive(services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(2, execution.RedriveCount);
        Assert.Equal([1, 2], execution.History.Where(e => e.Type == "ExecutionRedriven").Select(e => e.Details!["redriveCount"]!.GetValue<int>()));
        Assert.Equal(2, execution.Output!["redriveCount"]!.GetValue<int>());
        Assert.Single(execution.History, e => e.Type == "PassStateEntered");
        Assert.Equal(["ExecutionFailed", "ExecutionFailed", "ExecutionSucceeded"], execution.History.Where(e => e.Type is "ExecutionFailed" or "ExecutionSucceeded").Select(e => e.Type));
    }

    [Fact]
    public async Task Redrive_AfterWaitOnVirtualClock_DoesNotWaitAgainAndReleasesTheClock()
    {
        var clock = new VirtualTimeProvider(EngineHarness.Start);
        var machine = EngineHarness.Compile($$$$$"""
            {"StartAt": "Hold", "States": {
              "Hold": {"Type": "Wait", "Seconds": 3600, "Next": "Charge"},
              "Charge": {"Type": "Task", "Resource": "{{{{{FunctionArn}}}}}", "End": true, "Parameters": {"execution.$": "$$.Execution"}}}}
            """);
        var services = EngineHarness.Services(new ScriptedInvoker(failuresBeforeSuccess: 1), clock);
        var execution = machine.Start(EngineHarness.Request(), services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(EngineHarness.Start.AddHours(1), execution.StopDate);
        Assert.Equal(0, clock.BusyCount);

        clock.Advance(TimeSpan.FromMinutes(5));
        var redriveDate = machine.Redrive(execution, services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(EngineHarness.Start.AddMinutes(65), redriveDate);
        Assert.Equal(redriveDate, execution.StopDate);
        Assert.Equal(Timestamps.Format(redriveDate), execution.Output!["execution"]!["RedriveTime"]!.GetValue<string>());
        Assert.Equal(1, execution.Output!["execution"]!["RedriveCount"]!.GetValue<int>());
        Assert.Single(execution.History, e => e.Type == "WaitStateEntered");
        Assert.Equal(0, clock.BusyCount);
    }

    [Fact]
    public async Task Redrive_TimedOut_TimeoutStartsAgainFromTheRedrive()
    {
        var clock = new VirtualTimeProvider(EngineHarness.Start);
        var machine = EngineHarness.Compile("""
            {"TimeoutSeconds": 10, "StartAt": "Hold", "States": {"Hold": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """);
        var services = EngineHarness.Services(time: clock);
        var execution = machine.Start(EngineHarness.Request(), services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.TimedOut, execution.Status);

        var redriveDate = machine.Redrive(execution, services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.TimedOut, execution.Status);
        Assert.Equal(redriveDate.AddSeconds(10), execution.StopDate);
        Assert.Equal(
            ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut", "ExecutionRedriven", "WaitStateEntered", "ExecutionTimedOut"],
            execution.History.Select(e => e.Type));
        Assert.Equal(0, clock.BusyCount);
    }

    [Fact]
    public async Task Redrive_Aborted_RerunsTheStoppedTask()
    {
        var invoker = new BlockingInvoker();
        var machine = EngineHarness.Compile(PassThenTask);
        var services = EngineHarness.Services(invoker, TimeProvider.System);
        var execution = machine.Start(EngineHarness.Request("""{"order": 3}"""), services);
        await invoker.FirstCallStarted.WaitAsync(Patience);

        Assert.Equal("Execution is RUNNING and cannot be redriven.", Assert.Throws<ExecutionNotRedrivableException>(() => execution.Redrive(services)).Reason);
        Assert.True(execution.Stop("Operator", "stopped by the test"));
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Aborted, execution.Status);

        execution.Redrive(services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Null(execution.Error);
        Assert.Equal(2, invoker.Calls);
        Assert.Equal(["ExecutionAborted", "ExecutionRedriven", "TaskStateEntered"], execution.History.SkipWhile(e => e.Type != "ExecutionAborted").Take(3).Select(e => e.Type));
    }

    [Fact]
    public async Task Redrive_FailureInsideParallel_RerunsTheWholeTopLevelParallel()
    {
        var machine = EngineHarness.Compile($$$$$"""
            {"StartAt": "Both", "States": {"Both": {"Type": "Parallel", "End": true, "Branches": [
              {"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "a", "End": true}}},
              {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "{{{{{FunctionArn}}}}}", "Parameters": {"b": 1}, "End": true}}}]}}}
            """);
        var services = EngineHarness.Services(new ScriptedInvoker(failuresBeforeSuccess: 1));
        var execution = machine.Start(EngineHarness.Request(), services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);

        execution.Redrive(services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""["a",{"b":1}]""", JsonValues.ToText(execution.Output));
        var afterRedrive = execution.History.SkipWhile(e => e.Type != "ExecutionRedriven").ToList();
        Assert.Equal("ParallelStateEntered", afterRedrive[1].Type);
        Assert.Equal(2, execution.History.Count(e => e.Type == "PassStateEntered"));
    }

    [Fact]
    public async Task Redrive_VariablesAssignedBeforeTheFailure_StillVisible()
    {
        var machine = EngineHarness.Compile($$$$$"""
            {"StartAt": "Remember", "States": {
              "Remember": {"Type": "Pass", "Assign": {"orderId.$": "$.order"}, "Next": "Charge"},
              "Charge": {"Type": "Task", "Resource": "{{{{{FunctionArn}}}}}", "Parameters": {"remembered.$": "$orderId"}, "End": true}}}
            """);
        var services = EngineHarness.Services(new ScriptedInvoker(failuresBeforeSuccess: 1));
        var execution = machine.Start(EngineHarness.Request("""{"order": "ORD-9"}"""), services);
        await execution.Completion.WaitAsync(Patience);

        execution.Redrive(services);
        await execution.Completion.WaitAsync(Patience);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""{"remembered":"ORD-9"}""", JsonValues.ToText(execution.Output));
    }

    [Fact]
    public async Task Redrive_ExpressExecution_Refused()
    {
        var machine = EngineHarness.Compile("""{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}""");
        var services = EngineHarness.Services();
        var execution = machine.Start(EngineHarness.Request() with { Type = StateMachineType.Express }, services);
        await execution.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);

        var refused = Assert.Throws<ExecutionNotRedrivableException>(() => machine.Redrive(execution, services));

        Assert.Contains("EXPRESS", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(0, execution.RedriveCount);
    }

    [Fact]
    public async Task Redrive_AnotherMachine_Rejected()
    {
        var failing = """{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E"}}}""";
        var services = EngineHarness.Services();
        var execution = await EngineHarness.Compile(failing).RunAsync(EngineHarness.Request(), services);

        Assert.Throws<ArgumentException>(() => EngineHarness.Compile(failing).Redrive(execution, services));
    }
}
