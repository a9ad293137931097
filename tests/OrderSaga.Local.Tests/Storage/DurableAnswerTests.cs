using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.Storage;
using OrderSaga.Local.Tests.EventBridge;

namespace OrderSaga.Local.Tests.Storage;

/// <summary>With a data directory, the endpoint answers a change only once it is on disk; a read never waits.</summary>
public sealed class DurableAnswerTests : IDisposable
{
    private readonly EventBridgeHarness h = new();
    private readonly TempDataDirectory directory = new();

    public void Dispose()
    {
        h.Dispose();
        directory.Dispose();
    }

    [Fact]
    public async Task HandleAsync_SendMessageWithStore_AnsweredOnlyOnceTheMessageIsOnDisk()
    {
        using var store = LocalStore.Open(directory.Path);
        var sqs = new SqsService(h.Time, EventBridgeHarness.Region, EventBridgeHarness.Account, () => "http://localhost/", store);
        var queue = sqs.CreateQueue("orders");
        var router = new AwsRequestRouter([h.Api], new SqsApi(sqs), null, store.FlushAsync);

        var (status, _) = await CallAsync(router, "AmazonSQS.SendMessage", new JsonObject { ["QueueUrl"] = queue.Url, ["MessageBody"] = "kept" });

        Assert.Equal(200, status);
        // Read back without flushing: the answer already waited for the write.
        var stored = Assert.Single(store.Load().Messages);
        Assert.Equal("kept", stored.Message.Body);
    }

    [Fact]
    public async Task HandleAsync_ReadsAndChanges_OnlyChangesWaitForTheDisk()
    {
        var waits = new List<string>();
        var router = new AwsRequestRouter([h.Api], new SqsApi(h.Sqs), null, () =>
        {
            waits.Add("flush");
            return Task.CompletedTask;
        });

        await CallAsync(router, "AWSEvents.ListRules", []);
        await CallAsync(router, "AWSEvents.DescribeEventBus", []);
        Assert.Empty(waits);
        await CallAsync(router, "AWSEvents.PutRule", new JsonObject { ["Name"] = "r", ["EventPattern"] = """{"source":["a"]}""" });
        Assert.Single(waits);
    }

    [Fact]
    public async Task HandleAsync_StoreClosed_AnswersInternalFailureInsteadOfCrashing()
    {
        var store = LocalStore.Open(directory.Path);
        store.Dispose();
        var router = new AwsRequestRouter([h.Api], new SqsApi(h.Sqs), null, store.FlushAsync);

        var (status, body) = await CallAsync(router, "AWSEvents.PutRule", new JsonObject { ["Name"] = "r2", ["EventPattern"] = """{"source":["a"]}""" });

        Assert.Equal(500, status);
        Assert.Equal("InternalFailure", body["__type"]!.GetValue<string>());
        Assert.Contains("PutRule was applied but could not be written to the data directory", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<(int Status, JsonObject Body)> CallAsync(AwsRequestRouter router, string target, JsonObject request)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Headers["X-Amz-Target"] = target;
        context.Request.ContentType = target.StartsWith("AmazonSQS", StringComparison.Ordinal) ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString()));
        var body = new MemoryStream();
        context.Response.Body = body;

        await router.HandleAsync(context);

        return (context.Response.StatusCode, JsonNode.Parse(body.ToArray()) as JsonObject ?? []);
    }
}
