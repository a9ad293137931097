using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

[Collection(LocalCloudGroup.Name)]
public sealed class CompensationTests(LocalCloudFixture fixture)
{
    private readonly SagaDriver saga = fixture.Driver;

    [Fact]
    public async Task Run_SecondLineOutOfStock_UndoesFirstLineAndCancels()
    {
        var plenty = SagaDriver.NewSku("plenty");
        var scarce = SagaDriver.NewSku("scarce");
        await saga.PutStockAsync(plenty, 10);
        await saga.PutStockAsync(scarce, 1);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(plenty, 2, 5m), new OrderItem(scarce, 3, 7m));

        var execution = await saga.RunAsync(order);

        SagaAssert.Cancelled(execution, CancellationReasons.OutOfStock);
        Assert.Equal(
            [
                SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.OutOfStock,
                SagaStates.ReleaseInventory, SagaStates.CancelOrder, SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled,
                SagaStates.OrderCancelled,
            ],
            SagaDriver.StatesEntered(execution));
        var unavailable = SagaDriver.StateOutput(execution, SagaStates.OutOfStock)?["cancellation"]?["unavailableSkus"]?.AsArray();
        Assert.Equal([scarce], unavailable!.Select(SagaDriver.Text));

        var plentyRow = await saga.InventoryAsync(plenty);
        Assert.Equal(10m, SagaDriver.Decimal(plentyRow, TableAttributes.Inventory.Available));
        Assert.Empty(SagaDriver.Reservations(plentyRow));
        var scarceRow = await saga.InventoryAsync(scarce);
        Assert.Equal(1m, SagaDriver.Decimal(scarceRow, TableAttributes.Inventory.Available));
        Assert.Empty(SagaDriver.Reservations(scarceRow));
        Assert.Null(await saga.PaymentAsync(order.OrderId));
        await SagaAssert.CancelledRowsAndEventsAsync(saga, order.OrderId, CancellationReasons.OutOfStock);
    }

    [Fact]
    public async Task Run_PaymentDeclined_ReleasesStockAndCancelsWithoutRefund()
    {
        var sku = SagaDriver.NewSku("declined");
        await saga.PutStockAsync(sku, 4);
        var order = SagaDriver.NewOrder("tok_chargeDeclined", new OrderItem(sku, 3, 9.99m));

        var execution = await saga.RunAsync(order);

        SagaAssert.Cancelled(execution, CancellationReasons.PaymentDeclined);
        Assert.Equal(
            [
                SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
                SagaStates.PaymentCharged, SagaStates.PaymentDeclined, SagaStates.ReleaseInventory, SagaStates.CancelOrder,
                SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled, SagaStates.OrderCancelled,
            ],
            SagaDriver.StatesEntered(execution));
        Assert.DoesNotContain(SagaStates.RefundPayment, SagaDriver.StatesEntered(execution));

        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(4m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Empty(SagaDriver.Reservations(stock));
        var payment = await saga.PaymentAsync(order.OrderId);
        Assert.Equal(PaymentStatus.Declined, SagaDriver.String(payment, TableAttributes.Payments.Status));
        Assert.Equal(29.97m, SagaDriver.Decimal(payment, TableAttributes.Payments.Amount));
        Assert.Null(payment![TableAttributes.Payments.RefundReference]);
        await SagaAssert.CancelledRowsAndEventsAsync(saga, order.OrderId, CancellationReasons.PaymentDeclined);
    }

    /// <summary>
    /// RecordOrder (PutItem) and ConfirmOrder (UpdateItem) write the same table, so a fault counted per table would
    /// hit RecordOrder first. The fault is limited to UpdateItem and to 4 calls — ConfirmOrder's first attempt and its
    /// 3 retries — so it is deterministic: RecordOrder passes, ConfirmOrder fails for good, CancelOrder (the 5th
    /// UpdateItem) passes.
    /// </summary>
    [Fact]
    public async Task Run_ConfirmOrderThrottledPastRetries_RefundsReleasesAndCancels()
    {
        var sku = SagaDriver.NewSku("confirm");
        await saga.PutStockAsync(sku, 5);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 2, 10m));
        saga.Cloud.DynamoDbFaults.Throttle(saga.OrdersTable, times: 4, operation: "UpdateItem");
        Execution execution;
        try
        {
            execution = await saga.RunAsync(order);
        }
        finally
        {
            saga.Cloud.DynamoDbFaults.Clear(saga.OrdersTable);
        }

        SagaAssert.Cancelled(execution, CancellationReasons.StepFailed);
        Assert.Equal(
            [
                SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
                SagaStates.PaymentCharged, SagaStates.ConfirmOrder, SagaStates.ConfirmOrderFailed, SagaStates.RefundPayment,
                SagaStates.ReleaseInventory, SagaStates.CancelOrder, SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled,
                SagaStates.OrderCancelled,
            ],
            SagaDriver.StatesEntered(execution));
        Assert.Equal(Enumerable.Repeat(ErrorNames.DynamoDbThrottling, 4), SagaDriver.TaskErrors(execution, SagaStates.ConfirmOrder));
        Assert.Equal(1, SagaDriver.TaskAttempts(execution, SagaStates.RecordOrder));
        Assert.Equal(1, SagaDriver.TaskAttempts(execution, SagaStates.CancelOrder));
        Assert.Equal(PaymentStatus.Refunded, SagaDriver.Text(SagaDriver.StateOutput(execution, SagaStates.RefundPayment)?["refund"]?["status"]));

        var payment = await saga.PaymentAsync(order.OrderId);
        Assert.Equal(PaymentStatus.Refunded, SagaDriver.String(payment, TableAttributes.Payments.Status));
        Assert.Equal(20m, SagaDriver.Decimal(payment, TableAttributes.Payments.Amount));
        Assert.NotNull(SagaDriver.String(payment, TableAttributes.Payments.RefundReference));
        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(5m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Empty(SagaDriver.Reservations(stock));
        await SagaAssert.CancelledRowsAndEventsAsync(saga, order.OrderId, CancellationReasons.StepFailed);
    }

    /// <summary>
    /// A release that can never succeed: the order's reservation on the SKU is corrupt (a string where the units
    /// should be), as a bad manual fix or a bug would leave it. Reserve finds the order's reservation and counts the
    /// line as held; after the decline, every release is refused by DynamoDB with a non-transient error, which the
    /// saga must not swallow. A Lambda fault plan cannot express this: it would also fail the reservation, the
    /// first call to the same function.
    /// </summary>
    [Fact]
    public async Task Run_ReleaseFailsForGoodAfterDecline_EndsCompensationFailedAndAlerts()
    {
        var sku = SagaDriver.NewSku("corrupt");
        var order = SagaDriver.NewOrder("tok_chargeDeclined", new OrderItem(sku, 2, 4m));
        await saga.Cloud.DynamoDb.PutItemAsync(
            saga.InventoryTable,
            new JsonObject
            {
                [TableAttributes.Inventory.Sku] = new JsonObject { ["S"] = sku },
                [TableAttributes.Inventory.Available] = new JsonObject { ["N"] = "6" },
                [TableAttributes.Inventory.Reservations] = new JsonObject
                {
                    ["M"] = new JsonObject { [order.OrderId] = new JsonObject { ["S"] = "two" } },
                },
            },
            CancellationToken.None);

        var execution = await saga.RunAsync(order);

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(ErrorNames.CompensationFailed, execution.Error);
        Assert.Equal(
            [
                SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
                SagaStates.PaymentCharged, SagaStates.PaymentDeclined, SagaStates.ReleaseInventory, SagaStates.PublishCompensationFailed,
                SagaStates.CompensationFailed,
            ],
            SagaDriver.StatesEntered(execution));
        // DynamoDB's ValidationException reaches the function as the SDK's AmazonDynamoDBException: not transient, so not retried.
        const string releaseError = "AmazonDynamoDBException";
        Assert.Equal([releaseError], SagaDriver.TaskErrors(execution, SagaStates.ReleaseInventory));
        Assert.Contains(releaseError, execution.Cause, StringComparison.Ordinal);
        Assert.Contains("incorrect data type", execution.Cause, StringComparison.OrdinalIgnoreCase);

        var row = await saga.OrderAsync(order.OrderId);
        Assert.Equal(OrderStatus.Pending, SagaDriver.String(row, TableAttributes.Orders.Status));
        Assert.Equal(PaymentStatus.Declined, SagaDriver.String(await saga.PaymentAsync(order.OrderId), TableAttributes.Payments.Status));
        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(6m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Empty(await saga.NotificationsAsync(order.OrderId));

        var alert = Assert.Single(saga.QueueEventsFor(SagaAssert.AlertsQueue, order.OrderId));
        Assert.Equal(EventNames.OrderCompensationFailed, SagaDriver.Text(alert["detail-type"]));
        Assert.Equal(releaseError, SagaDriver.Text(alert["detail"]?["error"]));
        Assert.Equal(
            [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {EventNames.OrderCompensationFailed}"],
            saga.AuditTrail(order.OrderId));
        Assert.Empty(saga.QueueEventsFor(SagaAssert.DeadLetterQueue, order.OrderId));
    }
}
