namespace OrderSaga.Contracts;

/// <summary>Values of the orders table's <c>status</c> attribute.</summary>
public static class OrderStatus
{
    public const string Pending = "PENDING";
    public const string Confirmed = "CONFIRMED";
    public const string Cancelled = "CANCELLED";
}
