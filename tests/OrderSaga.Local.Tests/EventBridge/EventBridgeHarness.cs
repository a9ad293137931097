using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.Tests.EventBridge;

/// <summary>A local EventBridge wired to a real local SQS, log store and Step Functions registry, a stub Lambda, and a virtual clock.</summary>
internal sealed class EventBridgeHarness : IDisposable
{
    public const string Region = "us-east-1";
    public const string Account = "111111111111";
    public const string PassMachine = """{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}""";

    public EventBridgeHarness(EventBridgeOptions? options = null)
    {
        Sqs = new SqsService(Time, Region, Account, () => "http://127.0.0.1:4566");
        Logs = new LogGroupStore(Time, Region, Account);
        StepFunctions = new StateMachineRegistry(new ExecutionServices { TaskInvoker = new NoTasks(), Time = Time, Region = Region, AccountId = Account }, Region, Account);
        Service = new EventBridgeService(Time, Region, Account, Sqs, Logs, StepFunctions, Lambda, options ?? new EventBridgeOptions { RandomSeed = 7 });
        Api = new EventBridgeApi(Service);
    }

    public static DateTimeOffset Start { get; } = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public VirtualTimeProvider Time { get; } = new(Start);

    public SqsService Sqs { get; }

    public LogGroupStore Logs { get; }

    public StateMachineRegistry StepFunctions { get; }

    public StubLambdaInvoker Lambda { get; } = new();

    public EventBridgeService Service { get; }

    public EventBridgeApi Api { get; }

    public static string FunctionArn(string name) => $"arn:aws:lambda:{Region}:{Account}:function:{name}";

    public static string LogGroupArn(string name) => $"arn:aws:logs:{Region}:{Account}:log-group:{name}:*";

    public async Task<JsonObject> CallAsync(string operation, string requestJson)
    {
        using var doc = JsonDocument.Parse(requestJson);
        var response = await Api.HandleAsync(operation, doc.RootElement, CancellationToken.None);
        return Assert.IsType<JsonObject>(response);
    }

    public async Task<AwsJsonError> CallFailingAsync(string operation, string requestJson)
    {
        using var doc = JsonDocument.Parse(requestJson);
        return await Assert.ThrowsAsync<AwsJsonError>(() => Api.HandleAsync(operation, doc.RootElement, CancellationToken.None));
    }

    /// <summary>A rule on <paramref name="bus"/> matching source <c>test.orders</c>, with the given targets (as PutTargets JSON).</summary>
    public async Task AddRuleAsync(string rule, string targetsJson, string bus = "default", string pattern = """{"source":["test.orders"]}""")
    {
        await CallAsync("PutRule", Json(new JsonObject { ["Name"] = rule, ["EventBusName"] = bus, ["EventPattern"] = pattern }));
        await CallAsync("PutTargets", $$"""{"Rule":"{{rule}}","EventBusName":"{{bus}}","Targets":{{targetsJson}}}""");
    }

    public async Task<JsonObject> PutOrderAsync(string orderId = "ORD-1", string bus = "default", string source = "test.orders")
    {
        var detail = Json(new JsonObject { ["orderId"] = orderId, ["totalAmount"] = 25.5 });
        var entry = new JsonObject { ["Source"] = source, ["DetailType"] = "Order Created", ["Detail"] = detail, ["EventBusName"] = bus };
        return await CallAsync("PutEvents", Json(new JsonObject { ["Entries"] = new JsonArray(entry) }));
    }

    public Task IdleAsync() => Service.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public static string Json(JsonNode node) => node.ToJsonString();

    public void Dispose() => Service.Dispose();

    private sealed class NoTasks : ITaskInvoker
    {
        public ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TaskOutcome.Failure("States.TaskFailed", "The EventBridge tests deploy only Pass machines."));
    }
}
