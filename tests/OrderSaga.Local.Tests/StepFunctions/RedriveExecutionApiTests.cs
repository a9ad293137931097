using System.Text.Json.Nodes;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Tests.StepFunctions;

public sealed class RedriveExecutionApiTests
{
    [Fact]
    public async Task RedriveExecution_FailedExecution_ContinuesFromTheFailedStateAndDescribeCountsIt()
    {
        var harness = new StepFunctionsHarness(new ScriptedTaskInvoker().Fail("Boom"));
        var arn = await harness.RunAsync("ORD-1");
        var failed = await harness.DescribeAsync(arn);
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal(0, failed["redriveCount"]!.GetValue<int>());
        Assert.Equal("REDRIVABLE", failed["redriveStatus"]!.GetValue<string>());
        Assert.False(failed.ContainsKey("redriveStatusReason"));
        Assert.False(failed.ContainsKey("redriveDate"));

        harness.Time.Advance(TimeSpan.FromMinutes(3));
        var redriven = await harness.RedriveAsync(arn);
        await harness.WaitForEndAsync(arn);

        var expectedDate = StepFunctionsHarness.Start.AddMinutes(3).ToUnixTimeMilliseconds() / 1000.0;
        Assert.Equal(expectedDate, redriven["redriveDate"]!.GetValue<double>());
        var described = await harness.DescribeAsync(arn);
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        Assert.Equal(1, described["redriveCount"]!.GetValue<int>());
        Assert.Equal(expectedDate, described["redriveDate"]!.GetValue<double>());
        Assert.Equal("NOT_REDRIVABLE", described["redriveStatus"]!.GetValue<string>());
        Assert.Equal("Execution is SUCCEEDED and cannot be redriven.", described["redriveStatusReason"]!.GetValue<string>());
        Assert.False(described.ContainsKey("error"));
        Assert.Equal("""{"order":"ORD-1","redriveCount":1}""", described["output"]!.GetValue<string>());

        var history = (await harness.CallAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = arn }))["events"]!.AsArray();
        var types = history.Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Single(types, t => t == "PassStateEntered");
        Assert.Equal(["ExecutionFailed", "ExecutionRedriven", "TaskStateEntered"], types.SkipWhile(t => t != "ExecutionFailed").Take(3));
        var redrivenEvent = history.Single(e => e!["type"]!.GetValue<string>() == "ExecutionRedriven")!;
        Assert.Equal(1, redrivenEvent["executionRedrivenEventDetails"]!["redriveCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task RedriveExecution_Succeeded_ExecutionNotRedrivable()
    {
        var harness = new StepFunctionsHarness(new ScriptedTaskInvoker());
        var arn = await harness.RunAsync("ORD-OK");

        var error = await Assert.ThrowsAsync<AwsJsonError>(() => harness.RedriveAsync(arn));

        Assert.Equal("ExecutionNotRedrivable", error.Type);
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(arn, error.Message, StringComparison.Ordinal);
        Assert.Contains("Execution is SUCCEEDED and cannot be redriven.", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await harness.DescribeAsync(arn))["redriveCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task RedriveExecution_UnknownOrMissingArn_ClearErrors()
    {
        var harness = new StepFunctionsHarness(new ScriptedTaskInvoker());
        var unknown = $"arn:aws:states:us-east-1:000000000000:execution:Saga:nope";

        var missing = await Assert.ThrowsAsync<AwsJsonError>(() => harness.RedriveAsync(unknown));
        var invalid = await Assert.ThrowsAsync<AwsJsonError>(() => harness.CallAsync("RedriveExecution", []));

        Assert.Equal("ExecutionDoesNotExist", missing.Type);
        Assert.Contains(unknown, missing.Message, StringComparison.Ordinal);
        Assert.Equal("ValidationException", invalid.Type);
        Assert.Contains("executionArn", invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveExecution_RunningThenAborted_RefusedWhileRunningThenRedrivable()
    {
        var gate = new TaskCompletionSource();
        var harness = new StepFunctionsHarness(new ScriptedTaskInvoker().WaitFor(gate.Task));
        var started = await harness.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["name"] = "ORD-HELD", ["input"] = """{"order": "ORD-HELD"}""" });
        var arn = started["executionArn"]!.GetValue<string>();

        var running = await harness.DescribeAsync(arn);
        Assert.Equal("RUNNING", running["status"]!.GetValue<string>());
        var refused = await Assert.ThrowsAsync<AwsJsonError>(() => harness.RedriveAsync(arn));
        await harness.CallAsync("StopExecution", new JsonObject { ["executionArn"] = arn, ["error"] = "Operator" });
        await harness.WaitForEndAsync(arn);
        var aborted = await harness.DescribeAsync(arn);

        Assert.Equal("NOT_REDRIVABLE", running["redriveStatus"]!.GetValue<string>());
        Assert.Equal("Execution is RUNNING and cannot be redriven.", running["redriveStatusReason"]!.GetValue<string>());
        Assert.Equal("ExecutionNotRedrivable", refused.Type);
        Assert.Equal("ABORTED", aborted["status"]!.GetValue<string>());
        Assert.Equal("REDRIVABLE", aborted["redriveStatus"]!.GetValue<string>());

        await harness.RedriveAsync(arn);
        await harness.WaitForEndAsync(arn);
        Assert.Equal("SUCCEEDED", (await harness.DescribeAsync(arn))["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RedriveExecution_SameClientToken_AnswersAgainWithoutRedrivingUntilItExpires()
    {
        var invoker = new ScriptedTaskInvoker().Fail().Fail().Fail();
        var harness = new StepFunctionsHarness(invoker);
        var arn = await harness.RunAsync("ORD-TOKEN");

        var first = await harness.RedriveAsync(arn, "token-1");
        await harness.WaitForEndAsync(arn);
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        var repeated = await harness.RedriveAsync(arn, "token-1");
        await harness.WaitForEndAsync(arn);

        Assert.Equal(first["redriveDate"]!.GetValue<double>(), repeated["redriveDate"]!.GetValue<double>());
        Assert.Equal(1, (await harness.DescribeAsync(arn))["redriveCount"]!.GetValue<int>());
        Assert.Equal(2, invoker.Calls);

        harness.Time.Advance(TimeSpan.FromMinutes(6));
        var expired = await harness.RedriveAsync(arn, "token-1");
        await harness.WaitForEndAsync(arn);
        var other = await harness.RedriveAsync(arn, "token-2");
        await harness.WaitForEndAsync(arn);

        Assert.NotEqual(first["redriveDate"]!.GetValue<double>(), expired["redriveDate"]!.GetValue<double>());
        Assert.NotNull(other["redriveDate"]);
        var described = await harness.DescribeAsync(arn);
        Assert.Equal(3, described["redriveCount"]!.GetValue<int>());
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListExecutions_AfterRedrive_OneEntryWithRedriveCountAndDateAndRedriveFilter()
    {
        var harness = new StepFunctionsHarness(new ScriptedTaskInvoker().Fail());
        var redrivenArn = await harness.RunAsync("ORD-REDRIVEN");
        var redrive = await harness.RedriveAsync(redrivenArn);
        await harness.WaitForEndAsync(redrivenArn);
        var plainArn = await harness.RunAsync("ORD-PLAIN");

        var all = (await harness.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn }))["executions"]!.AsArray();
        var redrivenOnly = (await harness.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["redriveFilter"] = "REDRIVEN" }))["executions"]!.AsArray();
        var notRedriven = (await harness.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["redriveFilter"] = "NOT_REDRIVEN" }))["executions"]!.AsArray();
        var badFilter = await Assert.ThrowsAsync<AwsJsonError>(() => harness.CallAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["redriveFilter"] = "SOMETIMES" }));

        Assert.Equal(2, all.Count);
        var item = all.Single(e => e!["executionArn"]!.GetValue<string>() == redrivenArn)!;
        Assert.Equal(1, item["redriveCount"]!.GetValue<int>());
        Assert.Equal(redrive["redriveDate"]!.GetValue<double>(), item["redriveDate"]!.GetValue<double>());
        var plain = all.Single(e => e!["executionArn"]!.GetValue<string>() == plainArn)!.AsObject();
        Assert.Equal(0, plain["redriveCount"]!.GetValue<int>());
        Assert.False(plain.ContainsKey("redriveDate"));
        Assert.Equal([redrivenArn], redrivenOnly.Select(e => e!["executionArn"]!.GetValue<string>()));
        Assert.Equal([plainArn], notRedriven.Select(e => e!["executionArn"]!.GetValue<string>()));
        Assert.Equal("ValidationException", badFilter.Type);
    }

    [Fact]
    public async Task StartExecution_NameOfARedrivenExecution_IdempotentOnlyWhileRunningWithTheSameInput()
    {
        var gate = new TaskCompletionSource();
        var harness = new StepFunctionsHarness(new ScriptedTaskInvoker().Fail().WaitFor(gate.Task));
        var starts = 0;
        harness.Registry.ExecutionStarted += _ => starts++;
        var redriven = 0;
        harness.Registry.ExecutionRedriven += _ => redriven++;
        const string input = """{"order": "ORD-IDEM"}""";
        var arn = await harness.RunAsync("ORD-IDEM", input);
        var original = await harness.DescribeAsync(arn);

        var whileFailed = await Assert.ThrowsAsync<AwsJsonError>(() => harness.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["name"] = "ORD-IDEM", ["input"] = input }));
        await harness.RedriveAsync(arn);
        var whileRedriven = await harness.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["name"] = "ORD-IDEM", ["input"] = input });
        var otherInput = await Assert.ThrowsAsync<AwsJsonError>(() => harness.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["name"] = "ORD-IDEM", ["input"] = """{"order": "X"}""" }));
        gate.SetResult();
        await harness.WaitForEndAsync(arn);
        var afterSuccess = await Assert.ThrowsAsync<AwsJsonError>(() => harness.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = harness.Machine.Arn, ["name"] = "ORD-IDEM", ["input"] = input }));

        Assert.Equal("ExecutionAlreadyExists", whileFailed.Type);
        Assert.Equal(arn, whileRedriven["executionArn"]!.GetValue<string>());
        Assert.Equal(original["startDate"]!.GetValue<double>(), whileRedriven["startDate"]!.GetValue<double>());
        Assert.Equal("ExecutionAlreadyExists", otherInput.Type);
        Assert.Equal("ExecutionAlreadyExists", afterSuccess.Type);
        Assert.Equal(1, starts);
        Assert.Equal(1, redriven);
        Assert.Single(harness.Registry.ExecutionsOf(harness.Machine.Arn));
        Assert.Equal(ExecutionStatus.Succeeded, harness.Registry.GetExecution(arn).Status);
        Assert.Equal(1, harness.Registry.GetExecution(arn).RedriveCount);
    }
}
