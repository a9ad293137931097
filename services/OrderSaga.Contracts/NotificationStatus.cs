namespace OrderSaga.Contracts;

public static class NotificationStatus
{
    public const string Sent = "SENT";

    /// <summary>The outbox already held this order's notification of this kind: nothing new was written.</summary>
    public const string AlreadySent = "ALREADY_SENT";
}
