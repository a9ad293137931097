namespace OrderSaga.Local.EventBridge;

/// <summary>
/// One attempt to hand an event to a target. <see cref="ErrorCode"/> uses the codes EventBridge writes to a
/// dead-letter message's ERROR_CODE attribute (NO_RESOURCE, INVALID_PARAMETER, THROTTLING, SDK_CLIENT_ERROR...).
/// </summary>
internal sealed record DeliveryAttempt(bool Succeeded, string? ErrorCode, string? ErrorMessage, bool Retryable)
{
    public static DeliveryAttempt Success { get; } = new(true, null, null, false);

    public static DeliveryAttempt Retry(string code, string message) => new(false, code, message, true);

    public static DeliveryAttempt Permanent(string code, string message) => new(false, code, message, false);
}
