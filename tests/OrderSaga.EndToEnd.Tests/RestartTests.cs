using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Testing;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// A local cloud stopped (Ctrl+C) and started again on the same <c>--data-dir</c>, in process, on the virtual clock:
/// what the first run recorded is all there in the second, and the seed does not put the stock back.
/// </summary>
[Collection(CrashRestartGroup.Name)]
public sealed class RestartTests : IDisposable
{
    private const string SeededSku = "SKU-RED-MUG";

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ordersaga-restart-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task StartAsync_SameDataDirectoryAfterAStop_KeepsExecutionsQueuesArchiveLogsAndStock()
    {
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(SeededSku, 3, 12.5m));
        var marker = "RESTART-MALFORMED-" + Guid.NewGuid().ToString("N")[..8];
        string arn, history;
        IReadOnlyList<string> audit;
        int rejected, archived;
        decimal? stock;
        DateTimeOffset lastEvent;
        await using (var first = await StartAsync())
        {
            using var saga = new SagaDriver(first);
            var execution = await saga.RunAsync(order);
            await saga.PutEventsAsync(new JsonObject { ["customerId"] = marker, ["totalAmount"] = 1 });
            await saga.WhenIdleAsync();
            Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
            arn = execution.Arn;
            history = HistoryJson(execution);
            lastEvent = execution.History[^1].Timestamp;
            audit = saga.AuditTrail(order.OrderId);
            rejected = saga.QueueEvents(SagaAssert.RejectedOrdersQueue).Count(e => e["detail"]?["customerId"]?.GetValue<string>() == marker);
            archived = first.EventBridge.Archives.Single().Events(first.Time.GetUtcNow()).Count;
            stock = SagaDriver.Decimal(await saga.InventoryAsync(SeededSku), TableAttributes.Inventory.Available);
        }

        await using var second = await StartAsync();
        using var again = new SagaDriver(second);

        var restored = second.StepFunctions.GetExecution(arn);
        Assert.Equal(ExecutionStatus.Succeeded, restored.Status);
        Assert.Equal(history, HistoryJson(restored));
        Assert.Equal(order.OrderId, Assert.Single(again.ExecutionsFor(order.OrderId)).Input?["detail"]?["orderId"]?.GetValue<string>());
        Assert.Equal(audit, again.AuditTrail(order.OrderId));
        Assert.Equal(1, rejected);
        Assert.Equal(rejected, again.QueueEvents(SagaAssert.RejectedOrdersQueue).Count(e => e["detail"]?["customerId"]?.GetValue<string>() == marker));
        Assert.Equal(archived, second.EventBridge.Archives.Single().Events(second.Time.GetUtcNow()).Count);
        Assert.Equal(stock, SagaDriver.Decimal(await again.InventoryAsync(SeededSku), TableAttributes.Inventory.Available));
        Assert.True(second.Time.GetUtcNow() >= lastEvent, "the virtual clock of the second run started before what the first recorded");

        // The restored cloud goes on: the same order again is a duplicate the saga recognises, and nothing else moves.
        await again.PublishAsync(order);
        var executions = again.ExecutionsFor(order.OrderId);
        Assert.Equal(2, executions.Count);
        var duplicate = executions.Single(e => e.Arn != arn);
        Assert.Equal([SagaStates.RecordOrder, SagaStates.OrderAlreadyRecorded], SagaDriver.StatesEntered(duplicate));
        Assert.Equal(stock, SagaDriver.Decimal(await again.InventoryAsync(SeededSku), TableAttributes.Inventory.Available));
    }

    private Task<LocalCloud> StartAsync() => LocalCloud.StartAsync(
        new LocalCloudOptions
        {
            Port = 0,
            VirtualClock = true,
            Seed = 1,
            RepositoryRoot = RepositoryPaths.Root,
            DataDirectory = dataDirectory,
        },
        TextWriter.Null,
        CancellationToken.None);

    private static string HistoryJson(Execution execution) => new JsonArray([.. execution.History.Select(e => (JsonNode)e.ToJson())]).ToJsonString();
}
