using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

public sealed class ExecutionTests
{
    [Fact]
    public async Task Run_DataFlowFields_ApplyInAwsOrder()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "T", "States": {"T": {
              "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:echo", "End": true,
              "InputPath": "$.order", "Parameters": {"id.$": "$.id", "fixed": 1, "fmt.$": "States.Format('o-{}', $.id)"},
              "ResultSelector": {"echoed.$": "$.fmt"}, "ResultPath": "$.result", "OutputPath": "$.result"}}}
            """, """{"order": {"id": 7}}""");

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("""{"echoed":"o-7"}""", JsonValues.ToText(execution.Output));
    }

    [Fact]
    public async Task Run_LambdaInvokeIntegration_WrapsPayloadInAwsResultShape()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
              "Parameters": {"FunctionName": "f", "Payload": {"a": 1}}}}}
            """);

        var output = Assert.IsType<JsonObject>(execution.Output);
        Assert.Equal("""{"a":1}""", JsonValues.ToText(output["Payload"]));
        Assert.Equal(200, output["StatusCode"]!.GetValue<int>());
        Assert.Equal("$LATEST", output["ExecutedVersion"]!.GetValue<string>());
        Assert.Equal(["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"], execution.History.Select(e => e.Type));
    }

    [Fact]
    public async Task Run_CaughtError_PutsErrorOutputAtResultPath()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "T", "States": {
              "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111111111111:function:f", "Next": "Ok",
                    "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.err", "Next": "Handled"}]},
              "Ok": {"Type": "Succeed"},
              "Handled": {"Type": "Pass", "End": true}}}
            """, """{"keep": true}""", new ScriptedInvoker(failuresBeforeSuccess: 1, error: "Boom"));

        Assert.Equal("""{"keep":true,"err":{"Error":"Boom","Cause":"attempt 1 failed"}}""", JsonValues.ToText(execution.Output));
    }

    [Fact]
    public async Task Run_WaitState_TakesNoWallTimeAndHistoryShowsVirtualTime()
    {
        var clock = new VirtualTimeProvider(EngineHarness.Start);

        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": true}}}
            """, time: clock);

        var entered = execution.History.Single(e => e.Type == "WaitStateEntered").Timestamp;
        var exited = execution.History.Single(e => e.Type == "WaitStateExited").Timestamp;
        Assert.Equal(TimeSpan.FromHours(1), exited - entered);
    }

    [Fact]
    public async Task Stop_WaitingExecution_EndsAborted()
    {
        var clock = new VirtualTimeProvider(EngineHarness.Start, autoAdvance: false);
        var machine = EngineHarness.Compile("""{"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}""");
        var execution = machine.Start(EngineHarness.Request(), EngineHarness.Services(time: clock));
        Assert.Equal(1, clock.PendingTimers);

        Assert.True(execution.Stop("Operator", "stopped by test"));
        await execution.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExecutionStatus.Aborted, execution.Status);
        Assert.Equal("ExecutionAborted", execution.History[^1].Type);
        Assert.Equal("Operator", execution.Error);
    }

    [Fact]
    public async Task Run_MachineTimeout_EndsTimedOut()
    {
        var execution = await EngineHarness.RunAsync("""
            {"TimeoutSeconds": 5, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 60, "End": true}}}
            """);

        Assert.Equal(ExecutionStatus.TimedOut, execution.Status);
        Assert.Equal("ExecutionTimedOut", execution.History[^1].Type);
    }

    [Fact]
    public async Task Run_MapAndParallel_KeepItemOrderAndVariables()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "Init", "States": {
              "Init": {"Type": "Pass", "Assign": {"factor": 10}, "Next": "M"},
              "M": {"Type": "Map", "ItemsPath": "$.xs", "MaxConcurrency": 2,
                    "ItemSelector": {"v.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index", "f.$": "$factor"},
                    "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
                      {"StartAt": "A", "States": {"A": {"Type": "Pass", "OutputPath": "$.v", "End": true}}},
                      {"StartAt": "B", "States": {"B": {"Type": "Pass", "OutputPath": "$.i", "End": true}}}]}}},
                    "End": true}}}
            """, """{"xs": ["a", "b", "c"]}""");

        Assert.Equal("""[["a",0],["b",1],["c",2]]""", JsonValues.ToText(execution.Output));
    }

    [Fact]
    public async Task Start_ManyExecutionsOnOneDefinition_RunIndependently()
    {
        var machine = EngineHarness.Compile("""
            {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "OutputPath": "$.Payload", "End": true,
              "Parameters": {"FunctionName": "f", "Payload.$": "$"}}}}
            """);
        var services = EngineHarness.Services();

        var executions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            machine.RunAsync(EngineHarness.Request($$"""{"n": {{i}}}""", $"e{i}"), services)));

        Assert.All(executions.Select((e, i) => (e, i)), x => Assert.Equal($$"""{"n":{{x.i}}}""", JsonValues.ToText(x.e.Output)));
    }

    [Fact]
    public async Task Run_OversizedResult_FailsWithDataLimitExceeded()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"big.$": "States.ArrayRange(1, 999, 1)"}, "Next": "Q"},
              "Q": {"Type": "Map", "ItemsPath": "$.big", "ItemSelector": {"pad.$": "States.Format('{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}', $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input, $$.Execution.Input)"},
                    "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Pass", "End": true}}}, "End": true}}}
            """, """{"text": "0123456789"}""");

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(StatesErrors.DataLimitExceeded, execution.Error);
    }

    [Fact]
    public async Task History_Events_HaveAwsShapes()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "End": true}}}
            """, """{"in": "é"}""");

        var json = execution.History.Select(e => e.ToJson()).ToList();
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded"], json.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal("""{"in":"é"}""", json[0]["executionStartedEventDetails"]!["input"]!.GetValue<string>());
        Assert.Equal("P", json[1]["stateEnteredEventDetails"]!["name"]!.GetValue<string>());
        Assert.Equal("""{"in":"é","r":{"x":1}}""", json[2]["stateExitedEventDetails"]!["output"]!.GetValue<string>());
        Assert.Equal([0L, 0L, 2L, 3L], json.Select(e => e["previousEventId"]!.GetValue<long>()));
        Assert.Equal([1L, 2L, 3L, 4L], json.Select(e => e["id"]!.GetValue<long>()));
    }
}
