using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

[Collection(LocalCloudGroup.Name)]
public sealed class ConcurrencyTests(LocalCloudFixture fixture)
{
    private readonly SagaDriver saga = fixture.Driver;

    [Fact]
    public async Task Run_TwelveOrdersForLastFiveUnits_ConfirmsFiveAndCancelsSevenOutOfStock()
    {
        var sku = SagaDriver.NewSku("last-five");
        await saga.PutStockAsync(sku, 5);
        var orders = Enumerable.Range(0, 12).Select(_ => SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 1, 19m))).ToArray();

        await saga.PublishAsync(orders);

        var executions = orders.Select(o => Assert.Single(saga.ExecutionsFor(o.OrderId))).ToList();
        var confirmed = executions.Where(e => e.Status == ExecutionStatus.Succeeded).ToList();
        var cancelled = executions.Where(e => e.Status == ExecutionStatus.Failed).ToList();
        Assert.Equal(5, confirmed.Count);
        Assert.Equal(7, cancelled.Count);
        Assert.All(confirmed, e => Assert.Equal(SagaStates.OrderConfirmed, SagaDriver.StatesEntered(e)[^1]));
        Assert.All(cancelled, e => SagaAssert.Cancelled(e, CancellationReasons.OutOfStock));
        Assert.All(cancelled, e => Assert.DoesNotContain(SagaStates.ChargePayment, SagaDriver.StatesEntered(e)));

        var confirmedIds = confirmed.Select(e => SagaDriver.Text(e.Input?["detail"]?[TableAttributes.Orders.OrderId])!).ToHashSet();
        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(0m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Equal(confirmedIds.Order(), SagaDriver.Reservations(stock).Keys.Order());
        Assert.All(SagaDriver.Reservations(stock).Values, units => Assert.Equal(1m, units));

        foreach (var order in orders)
        {
            var wasConfirmed = confirmedIds.Contains(order.OrderId);
            var row = await saga.OrderAsync(order.OrderId);
            Assert.Equal(wasConfirmed ? OrderStatus.Confirmed : OrderStatus.Cancelled, SagaDriver.String(row, TableAttributes.Orders.Status));
            var payment = await saga.PaymentAsync(order.OrderId);
            Assert.Equal(wasConfirmed ? PaymentStatus.Charged : null, SagaDriver.String(payment, TableAttributes.Payments.Status));
            Assert.Equal([wasConfirmed ? NotificationKinds.Confirmed : NotificationKinds.Cancelled], (await saga.NotificationsAsync(order.OrderId)).Keys);
            Assert.Equal(
                [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {(wasConfirmed ? EventNames.OrderConfirmed : EventNames.OrderCancelled)}"],
                saga.AuditTrail(order.OrderId));
            SagaAssert.NoQueuedEvents(saga, order.OrderId);
        }
    }
}
