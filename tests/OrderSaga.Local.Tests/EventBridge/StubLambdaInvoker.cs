using System.Collections.Concurrent;
using System.Text;
using OrderSaga.Local.EventBridge;

namespace OrderSaga.Local.Tests.EventBridge;

/// <summary>A Lambda host stand-in: records each invocation and answers from a script of failures, then success.</summary>
internal sealed class StubLambdaInvoker : ILambdaInvoker
{
    private readonly ConcurrentQueue<LambdaDeliveryResult> script = new();

    public ConcurrentQueue<(string Function, string Payload, bool Async)> Invocations { get; } = new();

    /// <summary>Answers every invocation with this failure once the script is used up; null: succeed.</summary>
    public LambdaDeliveryResult? AlwaysFail { get; set; }

    public StubLambdaInvoker FailNext(LambdaDeliveryResult result, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            script.Enqueue(result);
        }

        return this;
    }

    public Task<LambdaDeliveryResult> InvokeAsync(string functionArnOrName, ReadOnlyMemory<byte> payload, bool async, CancellationToken cancellationToken)
    {
        Invocations.Enqueue((functionArnOrName, Encoding.UTF8.GetString(payload.Span), async));
        var result = script.TryDequeue(out var scripted) ? scripted : AlwaysFail ?? LambdaDeliveryResult.Accepted;
        return Task.FromResult(result);
    }
}
