namespace OrderSaga.Contracts;

/// <summary>
/// State names of the saga. The workflow builds its states with these, and the tests, the fault matrix
/// and the console refer to them, so a rename shows up as a compile error rather than a silent mismatch.
/// </summary>
public static class SagaStates
{
    public const string RecordOrder = "RecordOrder";
    public const string OrderAlreadyRecorded = "OrderAlreadyRecorded";
    public const string ReserveInventory = "ReserveInventory";
    public const string InventoryReserved = "InventoryReserved?";
    public const string ChargePayment = "ChargePayment";
    public const string PaymentCharged = "PaymentCharged?";
    public const string ConfirmOrder = "ConfirmOrder";
    public const string NotifyCustomer = "NotifyCustomer";
    public const string PublishOrderConfirmed = "PublishOrderConfirmed";
    public const string OrderConfirmed = "OrderConfirmed";

    public const string RefundPayment = "RefundPayment";
    public const string ReleaseInventory = "ReleaseInventory";
    public const string CancelOrder = "CancelOrder";
    public const string NotifyCancellation = "NotifyCancellation";
    public const string PublishOrderCancelled = "PublishOrderCancelled";
    public const string OrderCancelled = "OrderCancelled";

    /// <summary>
    /// Pass states on the way into the compensations: each records in <c>$.cancellation</c> why the order is being
    /// cancelled (a <see cref="CancellationReasons"/> value, the state that failed, and the caught error if any),
    /// because a Choice or a Catch cannot set data itself and CancelOrder, NotifyCancellation and the Fail state need it.
    /// </summary>
    public const string RecordOrderFailed = "RecordOrderFailed";
    public const string ReserveInventoryFailed = "ReserveInventoryFailed";
    public const string OutOfStock = "OutOfStock";
    public const string ChargePaymentFailed = "ChargePaymentFailed";
    public const string PaymentDeclined = "PaymentDeclined";
    public const string ConfirmOrderFailed = "ConfirmOrderFailed";

    public const string PublishCompensationFailed = "PublishCompensationFailed";
    public const string CompensationFailed = "CompensationFailed";

    /// <summary>Compensations in the order they run: the reverse of the forward steps they undo.</summary>
    public static readonly IReadOnlyList<string> Compensations = [RefundPayment, ReleaseInventory, CancelOrder];
}
