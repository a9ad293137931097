using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Cli;

/// <summary>
/// The saga's Lambdas as in-process handlers, answering exactly as the peer benchmark's handlers do
/// (shared/bench/peer/peer-bench.mjs, <c>makeHandlers</c>), keyed like them by the Task state's name. The engine wraps the
/// returned payload in the lambda:invoke result shape, as the peer's handlers do by hand.
/// </summary>
internal sealed class BenchTaskInvoker(bool completeAsynchronously) : ITaskInvoker
{
    private readonly ConcurrentDictionary<string, int> _paymentAttempts = new(StringComparer.Ordinal);

    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (completeAsynchronously)
        {
            // The peer's handlers are async functions: every task result arrives on a later turn, which is what lets
            // 100 executions be in flight at once rather than each running to its end inside Start.
            await Task.Yield();
        }

        return Handle(request);
    }

    private TaskOutcome Handle(TaskRequest request)
    {
        var payload = request.Payload as JsonObject
            ?? throw new InvalidOperationException($"Task '{request.StateName}' got no Payload object.");
        var orderId = (string?)payload["orderId"] ?? throw new InvalidOperationException($"Task '{request.StateName}': Payload.orderId is missing.");
        return request.StateName switch
        {
            "ReserveInventory" => TaskOutcome.Success(new JsonObject
            {
                ["reservationId"] = "res-" + orderId,
                ["status"] = "RESERVED",
                ["lines"] = (payload["items"] as JsonArray)?.Count ?? 0,
            }),
            "ProcessPayment" => Payment(orderId, (string?)payload["scenario"]),
            "SendNotification" => TaskOutcome.Success(new JsonObject { ["messageId"] = "msg-" + orderId }),
            "RefundPayment" => TaskOutcome.Success(new JsonObject { ["refundId"] = "rf-" + orderId }),
            "ReleaseInventory" => TaskOutcome.Success(new JsonObject { ["released"] = payload.ContainsKey("reservationId") }),
            _ => TaskOutcome.Failure("BenchUnknownTask", $"no bench handler for the Task state '{request.StateName}'"),
        };
    }

    private TaskOutcome Payment(string orderId, string? scenario)
    {
        var seen = _paymentAttempts.TryGetValue(orderId, out var before);
        var attempts = before + 1;
        if (scenario == BenchScenarios.Transient && attempts == 1)
        {
            _paymentAttempts[orderId] = attempts;
            return Error("PaymentGatewayTimeout", "payment gateway timed out");
        }

        // As the peer's Map.delete: a removal only when there is something to remove (TryRemove locks even when not).
        if (seen)
        {
            _paymentAttempts.TryRemove(orderId, out _);
        }
        return scenario switch
        {
            BenchScenarios.DeclinedError => Error("PaymentDeclined", "card declined by issuer"),
            BenchScenarios.DeclinedStatus => TaskOutcome.Success(new JsonObject
            {
                ["status"] = "DECLINED",
                ["transactionId"] = null,
                ["attempts"] = attempts,
            }),
            _ => TaskOutcome.Success(new JsonObject
            {
                ["status"] = "APPROVED",
                ["transactionId"] = "tx-" + orderId,
                ["attempts"] = attempts,
            }),
        };
    }

    // A Lambda function error reaches Step Functions as its errorType, with the error document as the cause.
    private static TaskOutcome.Failed Error(string type, string message) =>
        (TaskOutcome.Failed)TaskOutcome.Failure(type, new JsonObject { ["errorMessage"] = message, ["errorType"] = type }.ToJsonString());
}
