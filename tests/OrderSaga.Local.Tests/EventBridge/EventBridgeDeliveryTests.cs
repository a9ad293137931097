using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Tests.EventBridge;

public sealed class EventBridgeDeliveryTests : IDisposable
{
    private readonly EventBridgeHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task PutEvents_RuleWithSqsTarget_DeliversEnvelopeToQueue()
    {
        var queue = h.Sqs.CreateQueue("orders");
        await h.AddRuleAsync("to-queue", $$$"""[{"Id":"q","Arn":"{{{queue.Arn}}}"}]""");

        var response = await h.PutOrderAsync("ORD-7");
        await h.IdleAsync();

        Assert.Equal(0, response["FailedEntryCount"]!.GetValue<int>());
        var message = Assert.Single(queue.Peek());
        var body = JsonNode.Parse(message.Body)!;
        Assert.Equal("ORD-7", body["detail"]!["orderId"]!.GetValue<string>());
        Assert.Equal("Order Created", body["detail-type"]!.GetValue<string>());
        Assert.Equal(response["Entries"]![0]!["EventId"]!.GetValue<string>(), body["id"]!.GetValue<string>());
        Assert.Equal("2026-03-01T12:00:00Z", body["time"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutEvents_LogGroupTarget_WritesEventToLogGroup()
    {
        var group = h.Logs.CreateLogGroup("/aws/events/audit");
        await h.AddRuleAsync("audit", $$$"""[{"Id":"log","Arn":"{{{EventBridgeHarness.LogGroupArn("/aws/events/audit")}}}"}]""");

        await h.PutOrderAsync("ORD-8");
        await h.IdleAsync();

        var logEvent = Assert.Single(group.Events);
        Assert.Equal("ORD-8", JsonNode.Parse(logEvent.Message)!["detail"]!["orderId"]!.GetValue<string>());
        Assert.Equal(EventBridgeHarness.Start.ToUnixTimeMilliseconds(), logEvent.Timestamp);
    }

    [Fact]
    public async Task PutEvents_LambdaTarget_InvokesFunctionAsynchronously()
    {
        var function = EventBridgeHarness.FunctionArn("inventory");
        await h.AddRuleAsync("to-lambda", $$$"""[{"Id":"fn","Arn":"{{{function}}}"}]""");

        await h.PutOrderAsync("ORD-9");
        await h.IdleAsync();

        var (name, payload, isAsync) = Assert.Single(h.Lambda.Invocations);
        Assert.Equal(function, name);
        Assert.True(isAsync);
        Assert.Equal("ORD-9", JsonNode.Parse(payload)!["detail"]!["orderId"]!.GetValue<string>());
        Assert.Equal(1, h.Service.Metrics.Delivered);
    }

    [Fact]
    public async Task PutEvents_StateMachineTarget_StartsExecutionWithEventAsInput()
    {
        var machine = h.StepFunctions.Deploy("OrderSaga", EventBridgeHarness.PassMachine, StateMachineType.Standard, "arn:aws:iam::111111111111:role/saga");
        await h.AddRuleAsync("start-saga", $$$"""[{"Id":"sfn","Arn":"{{{machine.Arn}}}","RoleArn":"arn:aws:iam::111111111111:role/events"}]""");

        await h.PutOrderAsync("ORD-10");
        await h.IdleAsync();

        var execution = Assert.Single(h.StepFunctions.ExecutionsOf(machine.Arn));
        await execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal("ORD-10", execution.Output!["detail"]!["orderId"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutEvents_InputTransformer_DeliversRenderedTemplate()
    {
        var queue = h.Sqs.CreateQueue("rendered");
        var targets = new JsonArray(new JsonObject
        {
            ["Id"] = "t",
            ["Arn"] = queue.Arn,
            ["InputTransformer"] = new JsonObject
            {
                ["InputPathsMap"] = new JsonObject { ["order"] = "$.detail.orderId", ["amount"] = "$.detail.totalAmount" },
                ["InputTemplate"] = """{"order": <order>, "amount": <amount>, "rule": <aws.events.rule-name>}""",
            },
        });
        await h.AddRuleAsync("transform", EventBridgeHarness.Json(targets));

        await h.PutOrderAsync("ORD-11");
        await h.IdleAsync();

        var body = JsonNode.Parse(Assert.Single(queue.Peek()).Body)!;
        Assert.Equal("ORD-11", body["order"]!.GetValue<string>());
        Assert.Equal(25.5m, body["amount"]!.GetValue<decimal>());
        Assert.Equal("transform", body["rule"]!.GetValue<string>());
    }

    [Fact]
    public async Task PutEvents_InputPath_DeliversSelectedValue()
    {
        var queue = h.Sqs.CreateQueue("details");
        await h.AddRuleAsync("detail-only", $$$"""[{"Id":"t","Arn":"{{{queue.Arn}}}","InputPath":"$.detail"}]""");

        await h.PutOrderAsync("ORD-12");
        await h.IdleAsync();

        Assert.Equal("""{"orderId":"ORD-12","totalAmount":25.5}""", Assert.Single(queue.Peek()).Body);
    }

    [Fact]
    public async Task PutEvents_TemplateRendersInvalidJson_NotDeliveredAndRecorded()
    {
        var queue = h.Sqs.CreateQueue("never");
        var targets = new JsonArray(new JsonObject
        {
            ["Id"] = "broken",
            ["Arn"] = queue.Arn,
            ["InputTransformer"] = new JsonObject
            {
                ["InputPathsMap"] = new JsonObject { ["detail"] = "$.detail" },
                ["InputTemplate"] = """{"text": "<detail>"}""",
            },
        });
        await h.AddRuleAsync("broken", EventBridgeHarness.Json(targets));

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Empty(queue.Peek());
        var failure = Assert.Single(h.Service.Failures);
        Assert.Equal("INVALID_JSON", failure.ErrorCode);
        Assert.Equal(OrderSaga.Local.EventBridge.DeliveryFailureOutcome.Dropped, failure.Outcome);
    }

    [Fact]
    public async Task PutEvents_DisabledRule_NotDelivered()
    {
        var queue = h.Sqs.CreateQueue("disabled");
        await h.AddRuleAsync("off", $$$"""[{"Id":"q","Arn":"{{{queue.Arn}}}"}]""");
        await h.CallAsync("PutRule", """{"Name":"off","EventPattern":"{\"source\":[\"test.orders\"]}","State":"DISABLED"}""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Empty(queue.Peek());
        Assert.Equal(0, h.Service.Metrics.Matched);
    }

    [Fact]
    public async Task PutEvents_RuleOnAnotherBus_NotMatched()
    {
        h.Service.CreateEventBus("order-saga");
        var sagaQueue = h.Sqs.CreateQueue("saga");
        var defaultQueue = h.Sqs.CreateQueue("default-bus");
        await h.AddRuleAsync("saga-rule", $$$"""[{"Id":"q","Arn":"{{{sagaQueue.Arn}}}"}]""", bus: "order-saga");
        await h.AddRuleAsync("default-rule", $$$"""[{"Id":"q","Arn":"{{{defaultQueue.Arn}}}"}]""");

        await h.PutOrderAsync(bus: "arn:aws:events:us-east-1:111111111111:event-bus/order-saga");
        await h.IdleAsync();

        Assert.Single(sagaQueue.Peek());
        Assert.Empty(defaultQueue.Peek());
    }

    [Fact]
    public async Task PutEvents_PatternNotMatching_NothingDelivered()
    {
        var queue = h.Sqs.CreateQueue("filtered");
        await h.AddRuleAsync("big-orders", $$$"""[{"Id":"q","Arn":"{{{queue.Arn}}}"}]""",
            pattern: """{"source":["test.orders"],"detail":{"totalAmount":[{"numeric":[">",100]}]}}""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Empty(queue.Peek());
        Assert.Equal(1, h.Service.Metrics.Accepted);
        Assert.Equal(0, h.Service.Metrics.Matched);
    }

    [Fact]
    public async Task PutEvents_UnknownBus_AcceptedAndRecordedAsDropped()
    {
        var response = await h.PutOrderAsync(bus: "no-such-bus");
        await h.IdleAsync();

        Assert.Equal(0, response["FailedEntryCount"]!.GetValue<int>());
        Assert.NotNull(response["Entries"]![0]!["EventId"]);
        var failure = Assert.Single(h.Service.Failures);
        Assert.Equal("no-such-bus", failure.EventBusName);
        Assert.Contains("does not exist", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutEvents_TwoTargets_BothDeliveredAndCounted()
    {
        var queue = h.Sqs.CreateQueue("fanout");
        var group = h.Logs.CreateLogGroup("fanout-log");
        await h.AddRuleAsync("fanout", $$$"""[{"Id":"q","Arn":"{{{queue.Arn}}}"},{"Id":"l","Arn":"{{{group.Arn}}}"}]""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Single(queue.Peek());
        Assert.Single(group.Events);
        var metrics = h.Service.Metrics;
        Assert.Equal((1, 1, 2, 0), (metrics.Accepted, metrics.Matched, metrics.Delivered, metrics.Failed));
    }
}
