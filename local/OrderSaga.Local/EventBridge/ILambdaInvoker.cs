namespace OrderSaga.Local.EventBridge;

/// <summary>
/// How EventBridge hands an event to a Lambda function. The Lambda host implements it; EventBridge depends on
/// nothing else of the host. EventBridge invokes asynchronously (<c>InvocationType=Event</c>), so a function's own
/// error is Lambda's to retry: only a failure to hand the event over is a delivery failure.
/// </summary>
internal interface ILambdaInvoker
{
    Task<LambdaDeliveryResult> InvokeAsync(string functionArnOrName, ReadOnlyMemory<byte> payload, bool async, CancellationToken cancellationToken);
}
