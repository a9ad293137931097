using OrderSaga.Contracts;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>Faults injected into the functions: each test clears what it set, since the plan is shared.</summary>
[Collection(LocalCloudGroup.Name)]
public sealed class FaultTests(LocalCloudFixture fixture)
{
    private static readonly string[] ConfirmedPath =
    [
        SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
        SagaStates.PaymentCharged, SagaStates.ConfirmOrder, SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed,
        SagaStates.OrderConfirmed,
    ];

    private static readonly string[] ChargeFailedPath =
    [
        SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
        SagaStates.ChargePaymentFailed, SagaStates.RefundPayment, SagaStates.ReleaseInventory, SagaStates.CancelOrder,
        SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled, SagaStates.OrderCancelled,
    ];

    private readonly SagaDriver saga = fixture.Driver;

    [Fact]
    public async Task Run_FlakyCard_RetriesChargeThenConfirms()
    {
        var sku = SagaDriver.NewSku("flaky");
        await saga.PutStockAsync(sku, 5);
        var order = SagaDriver.NewOrder("tok_flaky", new OrderItem(sku, 1, 42m));

        var execution = await saga.RunAsync(order);

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(ConfirmedPath, SagaDriver.StatesEntered(execution));
        Assert.Equal(3, SagaDriver.TaskAttempts(execution, SagaStates.ChargePayment));
        Assert.Equal([ErrorNames.Transient, ErrorNames.Transient], SagaDriver.TaskErrors(execution, SagaStates.ChargePayment));

        var payment = await saga.PaymentAsync(order.OrderId);
        Assert.Equal(PaymentStatus.Charged, SagaDriver.String(payment, TableAttributes.Payments.Status));
        Assert.Equal(42m, SagaDriver.Decimal(payment, TableAttributes.Payments.Amount));
        Assert.Equal(3m, SagaDriver.Decimal(payment, TableAttributes.Payments.Attempts));
        Assert.Equal(OrderStatus.Confirmed, SagaDriver.String(await saga.OrderAsync(order.OrderId), TableAttributes.Orders.Status));
        Assert.Equal(4m, SagaDriver.Decimal(await saga.InventoryAsync(sku), TableAttributes.Inventory.Available));
        Assert.Equal([NotificationKinds.Confirmed], (await saga.NotificationsAsync(order.OrderId)).Keys);
        Assert.Equal(
            [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {EventNames.OrderConfirmed}"],
            saga.AuditTrail(order.OrderId));
        SagaAssert.NoQueuedEvents(saga, order.OrderId);
    }

    [Fact]
    public async Task Run_PaymentFunctionCrashesOnCharge_RefundsReleasesAndCancels()
    {
        var (execution, order, sku) = await RunWithPaymentFaultAsync("crash", plan => plan.Crash(saga.PaymentFunction, times: 1));

        await AssertChargeFailedAndCompensatedAsync(execution, order, sku, "Runtime.ExitError");
    }

    [Fact]
    public async Task Run_PaymentFunctionTimesOutOnCharge_RefundsReleasesAndCancels()
    {
        var (execution, order, sku) = await RunWithPaymentFaultAsync("timeout", plan => plan.TimeOut(saga.PaymentFunction, times: 1));

        await AssertChargeFailedAndCompensatedAsync(execution, order, sku, "Sandbox.Timedout");
    }

    /// <summary>
    /// With the payment function crashing on every call, the refund crashes too: a crash is not a transient error the
    /// compensations retry, so the saga cannot prove the money is back and must stop for a person, holding the stock.
    /// </summary>
    [Fact]
    public async Task Run_PaymentFunctionAlwaysCrashes_EndsCompensationFailedAndAlerts()
    {
        var (execution, order, sku) = await RunWithPaymentFaultAsync("down", plan => plan.Crash(saga.PaymentFunction));

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(ErrorNames.CompensationFailed, execution.Error);
        Assert.Equal(
            [
                SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment,
                SagaStates.ChargePaymentFailed, SagaStates.RefundPayment, SagaStates.PublishCompensationFailed, SagaStates.CompensationFailed,
            ],
            SagaDriver.StatesEntered(execution));
        // A compensation retries a crash (8 retries after the first try) before it gives up.
        Assert.Equal(Enumerable.Repeat("Runtime.ExitError", 9), SagaDriver.TaskErrors(execution, SagaStates.RefundPayment));
        Assert.Equal(OrderStatus.Pending, SagaDriver.String(await saga.OrderAsync(order.OrderId), TableAttributes.Orders.Status));
        Assert.Null(await saga.PaymentAsync(order.OrderId));
        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(3m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Equal(new Dictionary<string, decimal> { [order.OrderId] = 2 }, SagaDriver.Reservations(stock));
        var alert = Assert.Single(saga.QueueEventsFor(SagaAssert.AlertsQueue, order.OrderId));
        Assert.Equal("Runtime.ExitError", SagaDriver.Text(alert["detail"]?["error"]));
        Assert.Equal(
            [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {EventNames.OrderCompensationFailed}"],
            saga.AuditTrail(order.OrderId));
    }

    [Fact]
    public async Task Run_NotificationAlwaysFails_StillConfirmsAndRecordsTheFailure()
    {
        var sku = SagaDriver.NewSku("quiet");
        await saga.PutStockAsync(sku, 5);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 1, 15m));
        saga.Cloud.LambdaFaults.FailWith(saga.NotificationFunction, ErrorNames.Transient, "mail relay unavailable");
        Execution execution;
        try
        {
            execution = await saga.RunAsync(order);
        }
        finally
        {
            saga.Cloud.LambdaFaults.Clear(saga.NotificationFunction);
        }

        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        Assert.Equal(ConfirmedPath, SagaDriver.StatesEntered(execution));
        Assert.Equal(Enumerable.Repeat(ErrorNames.Transient, 4), SagaDriver.TaskErrors(execution, SagaStates.NotifyCustomer));
        Assert.Equal(ErrorNames.Transient, SagaDriver.Text(execution.Output?["notificationError"]?["Error"]));
        Assert.Contains("mail relay unavailable", SagaDriver.Text(execution.Output?["notificationError"]?["Cause"]), StringComparison.Ordinal);

        Assert.Equal(OrderStatus.Confirmed, SagaDriver.String(await saga.OrderAsync(order.OrderId), TableAttributes.Orders.Status));
        Assert.Equal(PaymentStatus.Charged, SagaDriver.String(await saga.PaymentAsync(order.OrderId), TableAttributes.Payments.Status));
        Assert.Equal(4m, SagaDriver.Decimal(await saga.InventoryAsync(sku), TableAttributes.Inventory.Available));
        Assert.Empty(await saga.NotificationsAsync(order.OrderId));
        Assert.Equal(
            [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {EventNames.OrderConfirmed}"],
            saga.AuditTrail(order.OrderId));
        SagaAssert.NoQueuedEvents(saga, order.OrderId);
    }

    private async Task<(Execution Execution, OrderCreated Order, string Sku)> RunWithPaymentFaultAsync(string label, Action<FaultPlan> fault)
    {
        var sku = SagaDriver.NewSku(label);
        await saga.PutStockAsync(sku, 5);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 2, 11m));
        fault(saga.Cloud.LambdaFaults);
        try
        {
            return (await saga.RunAsync(order), order, sku);
        }
        finally
        {
            saga.Cloud.LambdaFaults.Clear(saga.PaymentFunction);
        }
    }

    /// <summary>The injected fault answered before the function ran, so nothing was charged and the refund finds nothing to give back.</summary>
    private async Task AssertChargeFailedAndCompensatedAsync(Execution execution, OrderCreated order, string sku, string chargeError)
    {
        SagaAssert.Cancelled(execution, CancellationReasons.StepFailed);
        Assert.Equal(ChargeFailedPath, SagaDriver.StatesEntered(execution));
        Assert.Equal([chargeError], SagaDriver.TaskErrors(execution, SagaStates.ChargePayment));
        var cancellation = SagaDriver.StateOutput(execution, SagaStates.ChargePaymentFailed)?["cancellation"];
        Assert.Equal(SagaStates.ChargePayment, SagaDriver.Text(cancellation?["failedState"]));
        Assert.Equal(chargeError, SagaDriver.Text(cancellation?["error"]?["Error"]));
        Assert.Equal(PaymentStatus.NotCharged, SagaDriver.Text(SagaDriver.StateOutput(execution, SagaStates.RefundPayment)?["refund"]?["status"]));

        Assert.Null(await saga.PaymentAsync(order.OrderId));
        var stock = await saga.InventoryAsync(sku);
        Assert.Equal(5m, SagaDriver.Decimal(stock, TableAttributes.Inventory.Available));
        Assert.Empty(SagaDriver.Reservations(stock));
        await SagaAssert.CancelledRowsAndEventsAsync(saga, order.OrderId, CancellationReasons.StepFailed);
    }
}
