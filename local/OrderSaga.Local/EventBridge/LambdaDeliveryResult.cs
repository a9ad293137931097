namespace OrderSaga.Local.EventBridge;

/// <summary>
/// The outcome of handing an event to a function. On failure, <see cref="ErrorCode"/> is the Lambda API error
/// (<c>ResourceNotFoundException</c>, <c>TooManyRequestsException</c>, ...) and <see cref="Retryable"/> says whether
/// EventBridge's retry policy applies or the event goes straight to the dead-letter queue.
/// </summary>
internal sealed record LambdaDeliveryResult(bool Succeeded, string? ErrorCode = null, string? ErrorMessage = null, bool Retryable = true)
{
    public static LambdaDeliveryResult Accepted { get; } = new(true);

    public static LambdaDeliveryResult Failed(string errorCode, string errorMessage, bool retryable = true) => new(false, errorCode, errorMessage, retryable);

    public static LambdaDeliveryResult FunctionNotFound(string function) =>
        new(false, "ResourceNotFoundException", $"Function not found: {function}", Retryable: false);
}
