using System.Text.Json.Nodes;
using OrderSaga.Local.DynamoDb;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.Tests.StepFunctions;

/// <summary>
/// Faults aimed at a Task state become what AWS reports for the state's resource. None of these reach a worker
/// process, dynalite or a bus: the fault answers first, and the tests fail if anything is called.
/// </summary>
public sealed class CloudTaskInvokerStateFaultTests : IDisposable
{
    private const string Function = "payment";
    private static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly DirectoryInfo asset = Directory.CreateTempSubdirectory("state-fault-asset-");
    private readonly FaultPlan lambdaFaults = new();
    private readonly StateFaultPlan stateFaults = new();
    private readonly RecordingPublisher publisher = new();
    private readonly VirtualTimeProvider clock = new(Start);
    private readonly DynamoDbJsonClient dynamoDb = new(new Uri("http://127.0.0.1:9"));
    private readonly LambdaHost lambda;
    private readonly CloudTaskInvoker invoker;

    public CloudTaskInvokerStateFaultTests()
    {
        lambda = new LambdaHost(new LambdaHostOptions(), lambdaFaults);
        lambda.Deploy(new LambdaFunctionConfiguration(
            Function, $"arn:aws:lambda:us-east-1:000000000000:function:{Function}", "Payment::Payment.Function::HandleAsync", "dotnet8", 30, 512, new Dictionary<string, string>(), asset.FullName));
        invoker = new CloudTaskInvoker(lambda, dynamoDb, publisher, null, stateFaults, lambdaFaults, clock);
    }

    public void Dispose()
    {
        // The host's disposal only stops worker pools, and no worker was started.
        lambda.DisposeAsync().AsTask().GetAwaiter().GetResult();
        dynamoDb.Dispose();
        asset.Delete(recursive: true);
    }

    [Theory]
    [InlineData("transient", "TransientServiceException")]
    [InlineData("non-retryable", "InvalidRequestException")]
    [InlineData("crash", "Runtime.ExitError")]
    public async Task InvokeAsync_LambdaStateFault_FailsAsTheFunctionWould(string kind, string error)
    {
        stateFaults.Add("RefundPayment", StateFaultPlan.KindNames[kind], times: 1);

        var outcome = await invoker.InvokeAsync(LambdaRequest("RefundPayment", timeoutSeconds: 40), CancellationToken.None);

        var failed = Assert.IsType<TaskOutcome.Failed>(outcome);
        Assert.Equal(error, failed.Error);
        Assert.Contains($"\"errorType\":\"{error}\"", failed.Cause, StringComparison.Ordinal);
        Assert.Null(stateFaults.TakeFault("RefundPayment"));
        Assert.Equal(1, lambda.GetMetrics(Function).Errors);
    }

    [Fact]
    public async Task InvokeAsync_FaultOnAnotherState_LeavesThisOneAlone()
    {
        stateFaults.Add("RefundPayment", StateFaultKind.Crash);

        var outcome = await invoker.InvokeAsync(EventsRequest("ChargePayment"), CancellationToken.None);

        Assert.IsType<TaskOutcome.Succeeded>(outcome);
        Assert.Equal(1, publisher.Calls);
        Assert.Equal(StateFaultKind.Crash, stateFaults.TakeFault("RefundPayment"));
    }

    [Theory]
    [InlineData("transient", "DynamoDB.ProvisionedThroughputExceededException", "Status Code: 400")]
    [InlineData("non-retryable", "DynamoDB.AmazonDynamoDBException", "Error Code: ValidationException")]
    [InlineData("crash", "DynamoDB.InternalServerErrorException", "Status Code: 500")]
    public async Task InvokeAsync_DynamoDbStateFault_FailsWithTheServiceError(string kind, string error, string inCause)
    {
        stateFaults.Add("ConfirmOrder", StateFaultPlan.KindNames[kind], times: 1);

        var outcome = await invoker.InvokeAsync(DynamoDbRequest("ConfirmOrder", timeoutSeconds: 10), CancellationToken.None);

        var failed = Assert.IsType<TaskOutcome.Failed>(outcome);
        Assert.Equal(error, failed.Error);
        Assert.Contains(inCause, failed.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("transient", "EventBridge.ThrottlingException")]
    [InlineData("non-retryable", "EventBridge.AmazonEventBridgeException")]
    [InlineData("crash", "EventBridge.InternalException")]
    public async Task InvokeAsync_PutEventsStateFault_FailsWithoutPublishing(string kind, string error)
    {
        stateFaults.Add("PublishOrderConfirmed", StateFaultPlan.KindNames[kind], times: 1);

        var outcome = await invoker.InvokeAsync(EventsRequest("PublishOrderConfirmed"), CancellationToken.None);

        Assert.Equal(error, Assert.IsType<TaskOutcome.Failed>(outcome).Error);
        Assert.Equal(0, publisher.Calls);
        Assert.IsType<TaskOutcome.Succeeded>(await invoker.InvokeAsync(EventsRequest("PublishOrderConfirmed"), CancellationToken.None));
        Assert.Equal(1, publisher.Calls);
    }

    [Fact]
    public async Task InvokeAsync_UnsupportedResource_KeepsTheFaultForASupportedAttempt()
    {
        stateFaults.Add("Odd", StateFaultKind.Crash, times: 1);
        var request = new TaskRequest("arn:aws:states:::sqs:sendMessage", TaskTargetKind.ServiceIntegration, "sqs", "sendMessage", null, null, new JsonObject(), 10, null, "arn:exec", "Odd");

        var outcome = await invoker.InvokeAsync(request, CancellationToken.None);

        Assert.Equal("States.Runtime", Assert.IsType<TaskOutcome.Failed>(outcome).Error);
        Assert.Equal(StateFaultKind.Crash, stateFaults.TakeFault("Odd"));
    }

    /// <summary>Through the engine on the virtual clock: the function's own 30 s timeout beats the task's 40 s one.</summary>
    [Fact]
    public async Task Run_LambdaTimeoutShorterThanTask_FailsWithSandboxTimedoutAfterTheFunctionsTimeout()
    {
        var execution = await RunOneTaskAsync("""{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "payment", "Payload": {}}, "TimeoutSeconds": 40, "End": true}""");

        Assert.Equal("Sandbox.Timedout", execution.Error);
        Assert.Contains(execution.History, e => e.Type == "TaskFailed");
        Assert.Equal(TimeSpan.FromSeconds(30), execution.StopDate - execution.StartDate);
    }

    [Fact]
    public async Task Run_LambdaTimeoutLongerThanTask_FailsWithStatesTimeoutAtTheTasksTimeout()
    {
        var execution = await RunOneTaskAsync("""{"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "payment", "Payload": {}}, "TimeoutSeconds": 10, "End": true}""");

        Assert.Equal(StatesErrors.Timeout, execution.Error);
        Assert.Contains(execution.History, e => e.Type == "TaskTimedOut");
        Assert.InRange(execution.StopDate!.Value - execution.StartDate, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
    }

    [Fact]
    public async Task Run_DynamoDbTimeout_NeverAnswersSoTheTasksTimeoutFires()
    {
        var execution = await RunOneTaskAsync("""{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "orders", "Item": {"orderId": {"S": "o-1"}}}, "TimeoutSeconds": 10, "End": true}""");

        Assert.Equal(StatesErrors.Timeout, execution.Error);
        Assert.Contains(execution.History, e => e.Type == "TaskTimedOut");
        Assert.InRange(execution.StopDate!.Value - execution.StartDate, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
    }

    private async Task<Execution> RunOneTaskAsync(string taskState)
    {
        stateFaults.Add("Call", StateFaultKind.Timeout, times: 1);
        var registry = new StateMachineRegistry(new ExecutionServices { TaskInvoker = invoker, Time = clock, Region = "us-east-1", AccountId = "000000000000" }, "us-east-1", "000000000000");
        var machine = registry.Deploy("OneTask", """{"StartAt": "Call", "States": {"Call": """ + taskState + "}}", StateMachineType.Standard, "arn:aws:iam::000000000000:role/OneTask");
        var (execution, _) = registry.Start(machine.Arn, "run-1", "{}");
        await execution.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Null(stateFaults.TakeFault("Call"));
        return execution;
    }

    private static TaskRequest LambdaRequest(string state, int timeoutSeconds) =>
        new("arn:aws:states:::lambda:invoke", TaskTargetKind.LambdaFunction, "lambda", "invoke", Function, new JsonObject(), new JsonObject(), timeoutSeconds, null, "arn:exec", state);

    private static TaskRequest DynamoDbRequest(string state, int timeoutSeconds) =>
        new("arn:aws:states:::dynamodb:updateItem", TaskTargetKind.ServiceIntegration, "dynamodb", "updateItem", null, null, new JsonObject { ["TableName"] = "orders" }, timeoutSeconds, null, "arn:exec", state);

    private static TaskRequest EventsRequest(string state) =>
        new("arn:aws:states:::events:putEvents", TaskTargetKind.ServiceIntegration, "events", "putEvents", null, null,
            new JsonObject { ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "s", ["DetailType"] = "d", ["Detail"] = new JsonObject() }) }, 10, null, "arn:exec", state);

    private sealed class RecordingPublisher : IEventPublisher
    {
        public int Calls { get; private set; }

        public Task<JsonObject> PutEventsAsync(JsonArray entries, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult(new JsonObject { ["FailedEntryCount"] = 0, ["Entries"] = new JsonArray(new JsonObject { ["EventId"] = "e-1" }) });
        }
    }
}
