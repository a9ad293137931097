using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>What EventBridge hands the saga: the same event twice, or an event the saga cannot take.</summary>
[Collection(LocalCloudGroup.Name)]
public sealed class DeliveryTests(LocalCloudFixture fixture)
{
    private readonly SagaDriver saga = fixture.Driver;

    [Fact]
    public async Task Run_SameEventDeliveredTwice_ChargesReservesAndNotifiesOnce()
    {
        var sku = SagaDriver.NewSku("twice");
        await saga.PutStockAsync(sku, 10);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 3, 2m));

        await saga.PublishAsync(order, order);

        var executions = saga.ExecutionsFor(order.OrderId);
        Assert.Equal(2, executions.Count);
        Assert.All(executions, e => Assert.Equal(ExecutionStatus.Succeeded, e.Status));
        var paths = executions.Select(e => SagaDriver.StatesEntered(e)).ToList();
        var duplicate = Assert.Single(paths, p => p[^1] == SagaStates.OrderAlreadyRecorded);
        Assert.Equal([SagaStates.RecordOrder, SagaStates.OrderAlreadyRecorded], duplicate);
        var first = Assert.Single(paths, p => p[^1] == SagaStates.OrderConfirmed);
        Assert.Equal(9, first.Count);

        Assert.Equal(OrderStatus.Confirmed, SagaDriver.String(await saga.OrderAsync(order.OrderId), TableAttributes.Orders.Status));
        var payment = await saga.PaymentAsync(order.OrderId);
        Assert.Equal(PaymentStatus.Charged, SagaDriver.String(payment, TableAttributes.Payments.Status));
        Assert.Equal(1m, SagaDriver.Decimal(payment, TableAttributes.Payments.Attempts));
        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(7m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Equal(new Dictionary<string, decimal> { [order.OrderId] = 3 }, SagaDriver.Reservations(stock));
        Assert.Equal([NotificationKinds.Confirmed], (await saga.NotificationsAsync(order.OrderId)).Keys);
        Assert.Equal(
            [
                $"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.OrdersSource} / {EventNames.OrderCreated}",
                $"{EventNames.SagaSource} / {EventNames.OrderConfirmed}",
            ],
            saga.AuditTrail(order.OrderId));
        SagaAssert.NoQueuedEvents(saga, order.OrderId);
    }

    [Fact]
    public async Task Publish_OrderCreatedWithoutOrderId_StartsNoExecutionAndLandsInRejectedOrders()
    {
        var sku = SagaDriver.NewSku("nameless");
        await saga.PutStockAsync(sku, 5);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 1, 3m)) with { CustomerId = $"CUST-{Guid.NewGuid():N}" };
        var detail = SagaDriver.DetailOf(order);
        Assert.True(detail.Remove(TableAttributes.Orders.OrderId));
        var executionsBefore = saga.Cloud.StepFunctions.AllExecutions.Count();

        await saga.PutEventsAsync(detail);
        await saga.WhenIdleAsync();

        bool OfThisCustomer(JsonNode? d) => SagaDriver.Text(d?[TableAttributes.Orders.CustomerId]) == order.CustomerId;
        Assert.Empty(saga.ExecutionsWhere(OfThisCustomer));
        Assert.Equal(executionsBefore, saga.Cloud.StepFunctions.AllExecutions.Count());
        var rejected = Assert.Single(saga.QueueEvents(SagaAssert.RejectedOrdersQueue), e => OfThisCustomer(e["detail"]));
        Assert.Equal(EventNames.OrderCreated, SagaDriver.Text(rejected["detail-type"]));
        Assert.Null(rejected["detail"]![TableAttributes.Orders.OrderId]);
        Assert.DoesNotContain(saga.QueueEvents(SagaAssert.DeadLetterQueue), e => OfThisCustomer(e["detail"]));
        Assert.Equal(5m, SagaDriver.Decimal(await saga.InventoryAsync(sku), TableAttributes.Inventory.Available));
    }
}
