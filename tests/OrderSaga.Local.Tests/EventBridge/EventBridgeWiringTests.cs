using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Tests.EventBridge;

public sealed class EventBridgeWiringTests : IDisposable
{
    private readonly EventBridgeHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task Deploy_TemplateModel_CreatesBusRuleTargetsArchiveAndLogGroup()
    {
        var queue = h.Sqs.CreateQueue("rejected-orders");
        var busArn = "arn:aws:events:us-east-1:111111111111:event-bus/order-saga";
        var rule = new RuleResource("RejectRule", "reject", "arn:aws:events:us-east-1:111111111111:rule/order-saga/reject", "order-saga", "malformed orders",
            """{"source":["test.orders"]}""", null, "ENABLED",
            [new RuleTarget("Target0", queue.Arn, null, null, "$.detail", null, new TargetRetryPolicy(3, null), null, null)]);
        var model = new StackModel("OrderSaga", "us-east-1", "111111111111",
            [new EventBusResource("Bus", "order-saga", busArn)], [rule],
            [new ArchiveResource("Archive", "order-saga-archive", "arn:aws:events:us-east-1:111111111111:archive/order-saga-archive", busArn, null, 0, null)],
            [], [], [], [], [new LogGroupResource("Audit", "/aws/events/order-saga-audit", "arn:aws:logs:us-east-1:111111111111:log-group:/aws/events/order-saga-audit", 7)],
            [], []);

        var notes = EventBridgeTemplateDeployer.Deploy(h.Service, model);
        await h.PutOrderAsync("ORD-31", bus: "order-saga");
        await h.IdleAsync();

        Assert.Empty(notes);
        Assert.Equal("""{"orderId":"ORD-31","totalAmount":25.5}""", Assert.Single(queue.Peek()).Body);
        var target = Assert.Single(h.Service.GetRule("reject", "order-saga").Targets);
        Assert.Equal((3, 86400), (target.RetryPolicy!.MaximumRetryAttempts, target.RetryPolicy.MaximumEventAgeInSeconds));
        Assert.Single(h.Service.GetArchive("order-saga-archive").Events(h.Time.GetUtcNow()));
        Assert.True(h.Logs.TryGet("arn:aws:logs:us-east-1:111111111111:log-group:/aws/events/order-saga-audit:*", out _));
    }

    [Fact]
    public async Task Router_DescribeUnknownRule_AnswersAwsJsonErrorShape()
    {
        var router = new AwsRequestRouter([h.Api], new SqsApi(h.Sqs), null);
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["X-Amz-Target"] = "AWSEvents.DescribeRule";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes("""{"Name":"ghost","EventBusName":"default"}"""));
        var body = new MemoryStream();
        context.Response.Body = body;

        await router.HandleAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", context.Response.ContentType);
        Assert.Equal("ResourceNotFoundException", context.Response.Headers["x-amzn-ErrorType"].ToString());
        var json = JsonNode.Parse(body.ToArray())!;
        Assert.Equal("ResourceNotFoundException", json["__type"]!.GetValue<string>());
        Assert.Equal("Rule ghost does not exist on EventBus default.", json["message"]!.GetValue<string>());
    }

    [Fact]
    public void LogGroupStore_SnapshotRestored_KeepsGroupsAndEvents()
    {
        var group = h.Logs.CreateLogGroup("/aws/events/audit", retentionInDays: 14);
        h.Logs.Write(group, "first");
        h.Logs.Write(group, "second");
        var restored = new LogGroupStore(h.Time, EventBridgeHarness.Region, EventBridgeHarness.Account);

        restored.Restore(h.Logs.Snapshot());

        Assert.True(restored.TryGet("/aws/events/audit", out var copy));
        Assert.Equal(["first", "second"], copy.Events.Select(e => e.Message));
        Assert.Equal((14, group.Arn), (copy.RetentionInDays, copy.Arn));
    }

    [Fact]
    public async Task WhenIdleAsync_NothingUnderWay_CompletesAtOnce()
    {
        var idle = h.Service.WhenIdleAsync();

        Assert.True(idle.IsCompleted);
        await idle;
    }

    [Fact]
    public async Task Deploy_LoadedTemplate_RoutesAuditArchiveAndRejectedLikeTheStack()
    {
        const string template = """
            {
              "Resources": {
                "Bus": { "Type": "AWS::Events::EventBus", "Properties": { "Name": "order-saga" } },
                "Rejected": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "rejected-orders" } },
                "Audit": { "Type": "AWS::Logs::LogGroup", "Properties": { "LogGroupName": "/aws/events/order-saga-audit" } },
                "Archive": { "Type": "AWS::Events::Archive", "Properties": {
                  "EventPattern": { "source": [ { "prefix": "ordersaga." } ] }, "RetentionDays": 30,
                  "SourceArn": { "Fn::GetAtt": [ "Bus", "Arn" ] } } },
                "RejectRule": { "Type": "AWS::Events::Rule", "Properties": {
                  "EventBusName": { "Ref": "Bus" }, "State": "ENABLED",
                  "EventPattern": { "source": [ "ordersaga.orders" ], "detail": { "totalAmount": [ { "numeric": [ "<=", 0 ] } ] } },
                  "Targets": [ { "Id": "Target0", "Arn": { "Fn::GetAtt": [ "Rejected", "Arn" ] } } ] } },
                "AuditRule": { "Type": "AWS::Events::Rule", "Properties": {
                  "EventBusName": { "Ref": "Bus" }, "State": "ENABLED",
                  "EventPattern": { "source": [ { "prefix": "ordersaga." } ] },
                  "Targets": [ { "Id": "Target0", "Arn": { "Fn::Join": [ "", [ "arn:", { "Ref": "AWS::Partition" }, ":logs:", { "Ref": "AWS::Region" },
                    ":", { "Ref": "AWS::AccountId" }, ":log-group:", { "Ref": "Audit" } ] ] } } ] } }
              }
            }
            """;
        var model = TemplateLoader.Load(template, new TemplateLoadOptions { StackName = "TestStack", RequireAssets = false });
        var rejected = h.Sqs.CreateQueue(model.Queues.Single().Name);

        var notes = EventBridgeTemplateDeployer.Deploy(h.Service, model);
        var detail = EventBridgeHarness.Json(new JsonObject { ["orderId"] = "ORD-0", ["totalAmount"] = 0 });
        await h.CallAsync("PutEvents", EventBridgeHarness.Json(new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject { ["Source"] = "ordersaga.orders", ["DetailType"] = "Order Created", ["Detail"] = detail, ["EventBusName"] = "order-saga" }),
        }));
        await h.IdleAsync();

        Assert.Empty(notes);
        Assert.Equal("ORD-0", JsonNode.Parse(Assert.Single(rejected.Peek()).Body)!["detail"]!["orderId"]!.GetValue<string>());
        Assert.True(h.Logs.TryGet(model.LogGroups.Single().Name, out var audit));
        Assert.Single(audit.Events);
        var archive = Assert.Single(h.Service.Archives);
        Assert.Equal((30, 1), (archive.RetentionDays, archive.Events(h.Time.GetUtcNow()).Count));
    }
}
