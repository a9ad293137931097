using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>Assertions every saga outcome shares.</summary>
internal static class SagaAssert
{
    public const string DeadLetterQueue = "OrderCreatedDeadLetterQueue";
    public const string RejectedOrdersQueue = "RejectedOrdersQueue";
    public const string AlertsQueue = "AlertsQueue";

    /// <summary>The order reached the state machine (no dead letter), was well formed, and raised no alert.</summary>
    public static void NoQueuedEvents(SagaDriver saga, string orderId)
    {
        Assert.Empty(saga.QueueEventsFor(DeadLetterQueue, orderId));
        Assert.Empty(saga.QueueEventsFor(RejectedOrdersQueue, orderId));
        Assert.Empty(saga.QueueEventsFor(AlertsQueue, orderId));
    }

    /// <summary>The execution compensated and ended in the OrderCancelled Fail state with this reason.</summary>
    public static void Cancelled(Execution execution, string reason)
    {
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(ErrorNames.OrderCancelled, execution.Error);
        Assert.Equal(reason, execution.Cause);
        Assert.Equal(
            [SagaStates.CancelOrder, SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled, SagaStates.OrderCancelled],
            SagaDriver.StatesEntered(execution).TakeLast(4));
    }

    /// <summary>The order row is CANCELLED with the reason, the outbox holds only the cancellation, and the bus saw the cancellation.</summary>
    public static async Task CancelledRowsAndEventsAsync(SagaDriver saga, string orderId, string reason)
    {
        var row = await saga.OrderAsync(orderId);
        Assert.Equal(OrderStatus.Cancelled, SagaDriver.String(row, TableAttributes.Orders.Status));
        Assert.Equal(reason, SagaDriver.String(row, TableAttributes.Orders.Reason));

        var notifications = await saga.NotificationsAsync(orderId);
        Assert.Equal([NotificationKinds.Cancelled], notifications.Keys);

        Assert.Equal(
            [$"{EventNames.OrdersSource} / {EventNames.OrderCreated}", $"{EventNames.SagaSource} / {EventNames.OrderCancelled}"],
            saga.AuditTrail(orderId));
        NoQueuedEvents(saga, orderId);
    }
}
