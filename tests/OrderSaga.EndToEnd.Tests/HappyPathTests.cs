using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

[Collection(LocalCloudGroup.Name)]
public sealed class HappyPathTests(LocalCloudFixture fixture)
{
    private readonly SagaDriver saga = fixture.Driver;

    [Fact]
    public async Task Run_ValidOrder_ReservesChargesConfirmsAndNotifies()
    {
        var mug = SagaDriver.NewSku("mug");
        var pot = SagaDriver.NewSku("pot");
        await saga.PutStockAsync(mug, 10);
        await saga.PutStockAsync(pot, 3);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(mug, 2, 12.50m), new OrderItem(pot, 1, 30m));

        var execution = await saga.RunAsync(order);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(
            [
                SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
                SagaStates.PaymentCharged, SagaStates.ConfirmOrder, SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed,
                SagaStates.OrderConfirmed,
            ],
            SagaDriver.StatesEntered(execution));
        Assert.Null(execution.Output?["notificationError"]);
        Assert.Equal(NotificationStatus.Sent, SagaDriver.Text(execution.Output?["notification"]?["status"]));

        var row = await saga.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Confirmed, SagaDriver.String(row, TableAttributes.Orders.Status));
        Assert.Null(row![TableAttributes.Orders.Reason]);
        Assert.Equal(55m, SagaDriver.Decimal(row, TableAttributes.Orders.TotalAmount));

        var mugRow = await saga.InventoryAsync(mug);
        Assert.Equal(8m, SagaDriver.Decimal(mugRow, TableAttributes.Inventory.Available));
        Assert.Equal(new Dictionary<string, decimal> { [order.OrderId] = 2 }, SagaDriver.Reservations(mugRow));
        Assert.Equal(2m, SagaDriver.Decimal(await saga.InventoryAsync(pot), TableAttributes.Inventory.Available));

        var payment = await saga.PaymentAsync(order.OrderId);
        Assert.Equal(PaymentStatus.Charged, SagaDriver.String(payment, TableAttributes.Payments.Status));
        Assert.Equal(55m, SagaDriver.Decimal(payment, TableAttributes.Payments.Amount));
        Assert.Equal("USD", SagaDriver.String(payment, TableAttributes.Payments.Currency));
        Assert.Equal(1m, SagaDriver.Decimal(payment, TableAttributes.Payments.Attempts));

        var notifications = await saga.NotificationsAsync(order.OrderId);
        Assert.Equal([NotificationKinds.Confirmed], notifications.Keys);
        Assert.Equal("ada@example.com", SagaDriver.String(notifications[NotificationKinds.Confirmed], TableAttributes.Notifications.Recipient));
        Assert.Contains(order.OrderId, SagaDriver.String(notifications[NotificationKinds.Confirmed], TableAttributes.Notifications.Subject), StringComparison.Ordinal);

        Assert.Equal(
            [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {EventNames.OrderConfirmed}"],
            saga.AuditTrail(order.OrderId));
        SagaAssert.NoQueuedEvents(saga, order.OrderId);
    }
}
