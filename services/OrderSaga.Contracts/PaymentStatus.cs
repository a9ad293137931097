namespace OrderSaga.Contracts;

public static class PaymentStatus
{
    public const string Charged = "CHARGED";
    public const string Declined = "DECLINED";
    public const string Refunded = "REFUNDED";

    /// <summary>Answer to a refund for an order that was never charged: nothing to give back.</summary>
    public const string NotCharged = "NOT_CHARGED";
}
