namespace OrderSaga.Workflow;

/// <summary>
/// Where each step leaves its result in the execution's data. The execution input is the EventBridge event,
/// so the order itself stays at <c>$.detail</c> and every step adds its own slot beside it.
/// </summary>
internal static class SagaData
{
    public const string Reservation = "$.reservation";
    public const string Charge = "$.charge";
    public const string Refund = "$.refund";
    public const string Release = "$.release";
    public const string Notification = "$.notification";

    /// <summary>The error a forward step's Catch caught; the *Failed Pass states copy it into <see cref="Cancellation"/>.</summary>
    public const string Error = "$.error";

    /// <summary>Why the order is being cancelled: <c>reason</c>, <c>failedState</c> and, after an error, <c>error</c>.</summary>
    public const string Cancellation = "$.cancellation";

    public const string CancellationReasonField = "reason";
    public const string CancellationFailedStateField = "failedState";
    public const string CancellationErrorField = "error";
    public const string CancellationReason = Cancellation + "." + CancellationReasonField;

    /// <summary>The error of the compensation that failed after its retries.</summary>
    public const string CompensationError = "$.compensationError";

    /// <summary>The ASL error name inside a caught error object (always present, unlike its Cause).</summary>
    public const string CompensationErrorName = CompensationError + ".Error";

    /// <summary>A notification that failed: recorded, never undoing the order.</summary>
    public const string NotificationError = "$.notificationError";

    /// <summary>A saga event that could not be published after the order was already settled.</summary>
    public const string PublishError = "$.publishError";
}
