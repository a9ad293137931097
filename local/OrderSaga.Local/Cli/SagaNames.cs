namespace OrderSaga.Local.Cli;

/// <summary>
/// The saga's state, error and reason names that the demo checks outcomes against. They mirror
/// OrderSaga.Contracts (SagaStates, ErrorNames, CancellationReasons): the local cloud references no service code and
/// runs whatever template was synthesized, so a rename there makes the demo report a mismatch rather than fail to build.
/// </summary>
internal static class SagaNames
{
    public const string RecordOrder = "RecordOrder";
    public const string OrderAlreadyRecorded = "OrderAlreadyRecorded";
    public const string ChargePayment = "ChargePayment";
    public const string NotifyCustomer = "NotifyCustomer";
    public const string PublishOrderConfirmed = "PublishOrderConfirmed";
    public const string OrderConfirmed = "OrderConfirmed";
    public const string OutOfStock = "OutOfStock";
    public const string PaymentDeclined = "PaymentDeclined";
    public const string RefundPayment = "RefundPayment";
    public const string ReleaseInventory = "ReleaseInventory";
    public const string CancelOrder = "CancelOrder";
    public const string OrderCancelled = "OrderCancelled";
    public const string PublishCompensationFailed = "PublishCompensationFailed";
    public const string CompensationFailed = "CompensationFailed";

    public const string OrderCancelledError = "OrderCancelled";
    public const string CompensationFailedError = "CompensationFailed";
    public const string OutOfStockReason = "OUT_OF_STOCK";
    public const string PaymentDeclinedReason = "PAYMENT_DECLINED";

    /// <summary>The error type the saga retries (OrderSaga.Contracts.ErrorNames.Transient).</summary>
    public const string TransientError = "TransientServiceException";

    public const string NotificationOutputError = "notificationError";
}
