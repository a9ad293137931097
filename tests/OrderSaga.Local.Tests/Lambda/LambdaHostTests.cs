using System.Text;
using System.Text.Json.Nodes;
using OrderSaga.Local.Lambda;

namespace OrderSaga.Local.Tests.Lambda;

public class LambdaHostTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    private LambdaHost Host => fixture.Host;

    [Fact]
    public async Task Invoke_Echo_ReturnsPayloadWithStatus200()
    {
        var result = await InvokeAsync("echo", """{"orderId":"ORD-1"}""");

        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.FunctionError);
        Assert.Equal("""{"orderId":"ORD-1"}""", result.PayloadText);
        Assert.Equal("$LATEST", result.ExecutedVersion);
    }

    [Theory]
    [InlineData("echo-async", "async")]
    [InlineData("static-echo", "static")]
    [InlineData("ignore", "")]
    [InlineData("ignore-async", "")]
    public async Task Invoke_SupportedSignatures_ReturnWhatTheHandlerReturns(string function, string expected)
    {
        var result = await InvokeAsync(function, function.Contains("echo", StringComparison.Ordinal) ? expected : "ignored");

        Assert.Null(result.FunctionError);
        Assert.Equal(expected, result.PayloadText);
    }

    [Fact]
    public async Task Invoke_ByArnOrLatestQualifier_FindsFunction()
    {
        var byArn = await InvokeAsync("arn:aws:lambda:us-east-1:000000000000:function:echo", "a");
        var byQualifier = await InvokeAsync("echo:$LATEST", "b");

        Assert.Equal("a", byArn.PayloadText);
        Assert.Equal("b", byQualifier.PayloadText);
    }

    [Fact]
    public async Task Invoke_Sequentially_ReusesOneWarmWorkerAndMeasuresColdStart()
    {
        var first = await InvokeAsync("count", "{}");
        var second = await InvokeAsync("count", "{}");

        var firstBody = JsonNode.Parse(first.PayloadText)!;
        var secondBody = JsonNode.Parse(second.PayloadText)!;
        Assert.True(first.ColdStart);
        Assert.False(second.ColdStart);
        Assert.Equal(1, firstBody["invocations"]!.GetValue<int>());
        Assert.Equal(2, secondBody["invocations"]!.GetValue<int>());
        Assert.Equal(firstBody["pid"]!.GetValue<int>(), secondBody["pid"]!.GetValue<int>());
        var metrics = Host.GetMetrics("count");
        Assert.Equal(1, metrics.ColdStarts);
        Assert.Equal(2, metrics.Invocations);
        Assert.Equal(1, metrics.Workers);
        Assert.True(metrics.LastColdStart > TimeSpan.Zero);
        Assert.Equal(metrics.LastColdStart, metrics.AverageColdStart);
    }

    [Fact]
    public async Task Invoke_Environment_HasTemplateVariablesAndLambdaReservedOnes()
    {
        // The local cloud runs with DOTNET_ReadyToRun=0 under `dotnet run`; a worker must not inherit it.
        Environment.SetEnvironmentVariable("DOTNET_ReadyToRun", "0");
        LambdaInvokeResult result;
        try
        {
            result = await InvokeAsync("env", "GREETING\nAWS_REGION\nAWS_LAMBDA_FUNCTION_NAME\n_HANDLER\nLAMBDA_TASK_ROOT\nAWS_ENDPOINT_URL\nAWS_ACCESS_KEY_ID\nAWS_LAMBDA_FUNCTION_MEMORY_SIZE\nDOTNET_ReadyToRun\nDOTNET_TieredPGO");
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOTNET_ReadyToRun", null);
        }

        var environment = JsonNode.Parse(result.PayloadText)!;
        Assert.Equal("hello", environment["GREETING"]!.GetValue<string>());
        Assert.Equal("us-east-1", environment["AWS_REGION"]!.GetValue<string>());
        Assert.Equal("env", environment["AWS_LAMBDA_FUNCTION_NAME"]!.GetValue<string>());
        Assert.Equal("OrderSaga.Local.TestHandlers::OrderSaga.Local.TestHandlers.Functions::ReadEnvironment", environment["_HANDLER"]!.GetValue<string>());
        Assert.Equal(LambdaHostFixture.HandlersFolder, environment["LAMBDA_TASK_ROOT"]!.GetValue<string>());
        Assert.Equal("http://127.0.0.1:4566", environment["AWS_ENDPOINT_URL"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(environment["AWS_ACCESS_KEY_ID"]!.GetValue<string>()));
        Assert.Equal("256", environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]!.GetValue<string>());
        Assert.Null(environment["DOTNET_ReadyToRun"]);
        Assert.Equal("0", environment["DOTNET_TieredPGO"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_HandlerWithPackageDependency_LoadsItFromTheAssetFolder()
    {
        var result = await InvokeAsync("dependency", "{}");

        Assert.Null(result.FunctionError);
        var body = JsonNode.Parse(result.PayloadText)!;
        Assert.Equal("us-east-1", body["region"]!.GetValue<string>());
        Assert.Equal(Path.Combine(LambdaHostFixture.HandlersFolder, "AWSSDK.Core.dll"), body["from"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_HandlerThrows_ReturnsUnhandledWithErrorDocumentAndWorkerSurvives()
    {
        var first = await InvokeAsync("throw", "ORD-9");
        var second = await InvokeAsync("throw", "ORD-10");

        Assert.Equal(200, first.StatusCode);
        Assert.Equal("Unhandled", first.FunctionError);
        var error = JsonNode.Parse(first.PayloadText)!;
        Assert.Equal("OrderRejectedException", error["errorType"]!.GetValue<string>());
        Assert.Equal("rejected: ORD-9", error["errorMessage"]!.GetValue<string>());
        Assert.Contains(error["stackTrace"]!.AsArray(), line => line!.GetValue<string>().Contains("Functions.Throw", StringComparison.Ordinal));
        Assert.Equal("rejected: ORD-10", JsonNode.Parse(second.PayloadText)!["errorMessage"]!.GetValue<string>());
        Assert.False(second.ColdStart);
        Assert.Equal(1, Host.GetMetrics("throw").Workers);
        Assert.Equal(2, Host.GetMetrics("throw").Errors);
    }

    [Fact]
    public async Task Invoke_AsyncHandlerThrows_ReportsTheExceptionType()
    {
        var result = await InvokeAsync("throw-async", "{}");

        Assert.Equal("Unhandled", result.FunctionError);
        Assert.Equal("InvalidOperationException", JsonNode.Parse(result.PayloadText)!["errorType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invoke_ExceedsTimeout_ReportsSandboxTimedoutAndStartsAFreshWorkerNextTime()
    {
        var first = await InvokeAsync("hang", "{}");
        var afterTimeout = Host.GetMetrics("hang");
        var second = await InvokeAsync("hang", "{}");

        Assert.Equal("Unhandled", first.FunctionError);
        var error = JsonNode.Parse(first.PayloadText)!;
        Assert.Equal("Sandbox.Timedout", error["errorType"]!.GetValue<string>());
        Assert.Equal($"RequestId: {first.RequestId} Error: Task timed out after 1.00 seconds", error["errorMessage"]!.GetValue<string>());
        Assert.Equal(0, afterTimeout.Workers);
        Assert.True(second.ColdStart);
        Assert.Equal(2, Host.GetMetrics("hang").Timeouts);
    }

    [Fact]
    public async Task Invoke_RuntimeExits_ReportsRuntimeExitErrorAndOtherFunctionsCarryOn()
    {
        var crashed = await InvokeAsync("exit", "{}");
        var other = await InvokeAsync("echo", "still here");
        var again = await InvokeAsync("exit", "{}");

        Assert.Equal("Unhandled", crashed.FunctionError);
        var error = JsonNode.Parse(crashed.PayloadText)!;
        Assert.Equal("Runtime.ExitError", error["errorType"]!.GetValue<string>());
        Assert.Equal($"RequestId: {crashed.RequestId} Error: Runtime exited with error: exit status 3", error["errorMessage"]!.GetValue<string>());
        Assert.Equal("still here", other.PayloadText);
        Assert.Equal("Runtime.ExitError", JsonNode.Parse(again.PayloadText)!["errorType"]!.GetValue<string>());
        Assert.Equal(2, Host.GetMetrics("exit").Crashes);
    }

    [Fact]
    public async Task Invoke_ConstructorThrows_ReturnsInitErrorAsUnhandled()
    {
        var result = await InvokeAsync("broken", "{}");

        Assert.Equal("Unhandled", result.FunctionError);
        var error = JsonNode.Parse(result.PayloadText)!;
        Assert.Equal("InvalidOperationException", error["errorType"]!.GetValue<string>());
        Assert.Equal("ORDERS_TABLE is not set", error["errorMessage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("no-method", "Unable to find method 'Missing'")]
    [InlineData("wrong-signature", "must take a single Stream")]
    [InlineData("no-assembly", "Could not find the specified handler assembly")]
    public async Task Invoke_BadHandlerString_ReturnsValidationError(string function, string message)
    {
        var result = await InvokeAsync(function, "{}");

        var error = JsonNode.Parse(result.PayloadText)!;
        Assert.Equal("LambdaValidationException", error["errorType"]!.GetValue<string>());
        Assert.Contains(message, error["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_Overlapping_RunsSeveralWorkersAtOnce()
    {
        var folder = Directory.CreateTempSubdirectory("rendezvous").FullName;
        var payload = $"{folder}\n3";

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => InvokeAsync("rendezvous", payload)));

        Assert.All(results, r => Assert.Null(r.FunctionError));
        Assert.Equal(3, results.Select(r => r.PayloadText).Distinct().Count());
        Assert.Equal(3, Host.GetMetrics("rendezvous").Workers);
        Assert.Equal(3, Host.GetMetrics("rendezvous").ColdStarts);
    }

    [Fact]
    public async Task Invoke_MoreThanMaxWorkers_QueuesInsteadOfStartingMore()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => InvokeAsync("echo-async", $"n{i}")));

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"n{i}"), results.Select(r => r.PayloadText));
        Assert.InRange(Host.GetMetrics("echo-async").Workers, 1, 3);
    }

    [Fact]
    public async Task Invoke_FaultPlan_InjectsErrorTimeoutAndCrashThenRunsNormally()
    {
        fixture.Faults.FailWith("faulty", "OrderSaga.TransientServiceException", "injected", times: 2).TimeOut("faulty", times: 1).Crash("faulty", times: 1);

        var results = new List<LambdaInvokeResult>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(await InvokeAsync("faulty", "ok"));
        }

        var types = results.Take(4).Select(r => JsonNode.Parse(r.PayloadText)!["errorType"]!.GetValue<string>()).ToList();
        Assert.Equal(["OrderSaga.TransientServiceException", "OrderSaga.TransientServiceException", "Sandbox.Timedout", "Runtime.ExitError"], types);
        Assert.All(results.Take(4), r => Assert.Equal("Unhandled", r.FunctionError));
        Assert.Null(results[4].FunctionError);
        Assert.Equal("ok", results[4].PayloadText);
        var metrics = Host.GetMetrics("faulty");
        Assert.Equal(4, metrics.InjectedFaults);
        Assert.Equal(1, metrics.ColdStarts);
    }

    [Fact]
    public async Task Invoke_UnknownFunction_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<LambdaFunctionNotFoundException>(() => InvokeAsync("nope", "{}"));

        Assert.Equal("nope", error.FunctionName);
    }

    [Fact]
    public void ListFunctions_ReturnsDeployedFunctionsByName()
    {
        var functions = Host.ListFunctions();

        Assert.Contains(functions, f => f.Name == "echo" && f.Arn == "arn:aws:lambda:us-east-1:000000000000:function:echo");
        Assert.Equal(functions.Select(f => f.Name).Order(StringComparer.Ordinal), functions.Select(f => f.Name));
    }

    [Fact]
    public void Deploy_MissingAssetFolderOrForeignRuntime_Throws()
    {
        var missing = new LambdaFunctionConfiguration("x", "arn", "A::B::C", "dotnet8", 3, 128, new Dictionary<string, string>(), "/nonexistent/asset");

        Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => Host.Deploy(missing)).Message, StringComparison.Ordinal);
        Assert.Contains("not supported locally", Assert.Throws<ArgumentException>(() => Host.Deploy(missing with { Runtime = "python3.12" })).Message, StringComparison.Ordinal);
    }

    private async Task<LambdaInvokeResult> InvokeAsync(string function, string payload)
    {
        using var limit = new CancellationTokenSource(Limit);
        return await Host.InvokeAsync(function, Encoding.UTF8.GetBytes(payload), limit.Token);
    }
}
