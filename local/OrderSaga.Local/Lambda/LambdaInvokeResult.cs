namespace OrderSaga.Local.Lambda;

/// <summary>
/// What Lambda's Invoke API returns: status 200 with the function's payload, or, when the function failed,
/// <see cref="FunctionError"/> "Unhandled" (the X-Amz-Function-Error header) and the error document as payload.
/// </summary>
internal sealed record LambdaInvokeResult(
    string RequestId,
    int StatusCode,
    string? FunctionError,
    ReadOnlyMemory<byte> Payload,
    string ExecutedVersion,
    bool ColdStart,
    TimeSpan Duration)
{
    public const string Unhandled = "Unhandled";

    public bool IsError => FunctionError is not null;

    public string PayloadText => System.Text.Encoding.UTF8.GetString(Payload.Span);
}
