using System.Collections.Concurrent;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Lambda;

namespace OrderSaga.Local.Cloud;

/// <summary>
/// EventBridge's Lambda targets on the local Lambda host. Asynchronous invocations are handed over and run in the
/// background, as Lambda's event queue does; <see cref="WhenIdleAsync"/> lets callers wait for them.
/// </summary>
internal sealed class HostLambdaInvoker(LambdaHost host) : ILambdaInvoker
{
    private readonly ConcurrentDictionary<Task, byte> running = new();

    public async Task<LambdaDeliveryResult> InvokeAsync(string functionArnOrName, ReadOnlyMemory<byte> payload, bool async, CancellationToken cancellationToken)
    {
        if (host.FindFunction(functionArnOrName) is null)
        {
            return LambdaDeliveryResult.FunctionNotFound(functionArnOrName);
        }

        if (!async)
        {
            var result = await host.InvokeAsync(functionArnOrName, payload, cancellationToken);
            return result.IsError ? LambdaDeliveryResult.Failed("Unhandled", result.PayloadText, retryable: false) : LambdaDeliveryResult.Accepted;
        }

        var copy = payload.ToArray();
        var invocation = Task.Run(() => host.InvokeAsync(functionArnOrName, copy, CancellationToken.None), CancellationToken.None);
        running.TryAdd(invocation, 0);
        _ = invocation.ContinueWith(t => running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return LambdaDeliveryResult.Accepted;
    }

    public Task WhenIdleAsync() => Task.WhenAll(running.Keys);
}
