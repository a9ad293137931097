using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>
/// Plays the saga's Lambda functions and DynamoDB/EventBridge integrations in process, driven by the order the way the
/// real services are: payment tokens (<c>tok_visa</c>, <c>tok_chargeDeclined</c>, <c>tok_flaky</c>, <c>tok_broken</c>,
/// <c>tok_hold</c>), a sold-out SKU, and <c>tok_refundFails</c> for a compensation that cannot complete.
/// </summary>
internal sealed class SagaTaskInvoker : ITaskInvoker
{
    public const string SoldOutSku = "SKU-SOLD-OUT";

    private readonly ConcurrentDictionary<string, bool> recordedOrders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> chargeAttempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> heldPayments = new(StringComparer.Ordinal);

    /// <summary>Lets the charge of an order paid with <c>tok_hold</c> go through.</summary>
    public void ReleasePayment(string orderId) => Held(orderId).TrySetResult();

    public void ReleaseAllPayments()
    {
        foreach (var held in heldPayments.Values)
        {
            held.TrySetResult();
        }
    }

    private TaskCompletionSource Held(string orderId) =>
        heldPayments.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == TaskTargetKind.ServiceIntegration)
        {
            return Integration(request);
        }

        var payload = request.Payload as JsonObject ?? throw new InvalidOperationException($"{request.StateName}: the Lambda payload is not an object");
        var function = request.FunctionName ?? string.Empty;
        var orderId = (string?)payload["orderId"] ?? string.Empty;
        if (function.Contains("Inventory", StringComparison.Ordinal))
        {
            var skus = payload["items"]!.AsArray().Select(i => (string)i!["sku"]!).ToList();
            var unavailable = new JsonArray([.. skus.Where(s => s == SoldOutSku).Select(s => (JsonNode)s)]);
            var reserve = (string?)payload["action"] == "reserve";
            return TaskOutcome.Success(new JsonObject
            {
                ["status"] = reserve ? (unavailable.Count > 0 ? "OUT_OF_STOCK" : "RESERVED") : "RELEASED",
                ["unavailableSkus"] = reserve ? unavailable : new JsonArray(),
            });
        }

        if (function.Contains("Payment", StringComparison.Ordinal))
        {
            return await PaymentAsync(payload, orderId, cancellationToken);
        }

        if (function.Contains("Notification", StringComparison.Ordinal))
        {
            return TaskOutcome.Success(new JsonObject { ["status"] = "SENT", ["subject"] = $"Your order {orderId}" });
        }

        return TaskOutcome.Failure("Lambda.ResourceNotFoundException", $"Function not found: {function}");
    }

    private async ValueTask<TaskOutcome> PaymentAsync(JsonObject payload, string orderId, CancellationToken cancellationToken)
    {
        var amount = payload["amount"]?.DeepClone();
        var currency = payload["currency"]?.DeepClone();
        if ((string?)payload["action"] == "refund")
        {
            return orderId.Contains("REFUND-FAILS", StringComparison.Ordinal)
                ? TaskOutcome.Failure("RefundRejected", "{\"errorType\":\"RefundRejected\",\"errorMessage\":\"The provider refused the refund.\"}")
                : TaskOutcome.Success(new JsonObject { ["status"] = "REFUNDED", ["amount"] = amount, ["currency"] = currency });
        }

        var token = (string?)payload["payment"]?["token"];
        switch (token)
        {
            case "tok_chargeDeclined":
                return TaskOutcome.Success(new JsonObject { ["status"] = "DECLINED", ["amount"] = amount, ["currency"] = currency });
            case "tok_flaky" when chargeAttempts.AddOrUpdate(orderId, 1, (_, n) => n + 1) <= 2:
                return TaskOutcome.Failure("TransientServiceException", "{\"errorType\":\"TransientServiceException\",\"errorMessage\":\"The provider timed out.\"}");
            case "tok_broken":
                return TaskOutcome.Failure("PaymentProviderException", "{\"errorType\":\"PaymentProviderException\",\"errorMessage\":\"The provider answered 502.\"}");
            case "tok_hold":
                await Held(orderId).Task.WaitAsync(cancellationToken);
                break;
            default:
                break;
        }

        return TaskOutcome.Success(new JsonObject { ["status"] = "CHARGED", ["amount"] = amount, ["currency"] = currency });
    }

    private TaskOutcome Integration(TaskRequest request)
    {
        switch (request.Service, request.Action)
        {
            case ("dynamodb", "putItem"):
                var orderId = (string?)request.Parameters?["Item"]?["orderId"]?["S"] ?? string.Empty;
                return recordedOrders.TryAdd(orderId, true)
                    ? TaskOutcome.Success(new JsonObject())
                    : TaskOutcome.Failure("DynamoDB.ConditionalCheckFailedException", "The conditional request failed");
            case ("dynamodb", "updateItem"):
                return TaskOutcome.Success(new JsonObject());
            case ("events", "putEvents"):
                return TaskOutcome.Success(new JsonObject { ["Entries"] = new JsonArray(new JsonObject { ["EventId"] = Guid.NewGuid().ToString() }), ["FailedEntryCount"] = 0 });
            default:
                return TaskOutcome.Failure("States.TaskFailed", $"{request.StateName}: the test cloud has no {request.Service}:{request.Action}");
        }
    }
}
