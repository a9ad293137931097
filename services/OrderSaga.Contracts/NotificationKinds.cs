namespace OrderSaga.Contracts;

public static class NotificationKinds
{
    public const string Confirmed = "CONFIRMED";
    public const string Cancelled = "CANCELLED";
}
