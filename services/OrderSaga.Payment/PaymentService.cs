using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrderSaga.Contracts;

namespace OrderSaga.Payment;

/// <summary>
/// Charges and refunds through an <see cref="IPaymentProvider"/>, recording each order's payment in one row so
/// that every retry or duplicate delivery gets the recorded result: one charge per order (the result is written
/// only while the row has no <c>status</c>), and a refund gives back exactly the recorded amount, once.
/// </summary>
internal sealed class PaymentService(IAmazonDynamoDB dynamoDb, string tableName, IPaymentProvider provider, TimeProvider time)
{
    private const string StatusName = "#status";
    private const string AmountName = "#amount";
    private const string CurrencyName = "#currency";

    public async Task<PaymentResponse> ChargeAsync(PaymentCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);

        var existing = await GetAsync(command.OrderId, cancellationToken);
        if (existing is not null)
        {
            EnsureSameCharge(existing, command);
            if (existing.Status is not null)
            {
                return existing.ToResponse();
            }
        }

        int attempt;
        try
        {
            attempt = await RecordAttemptAsync(command, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            return await RecordedResultAsync(command, cancellationToken);
        }

        var result = await provider.ChargeAsync(
            new ProviderCharge(command.OrderId, command.Amount, command.Currency, command.Token!, attempt),
            cancellationToken);

        var now = Timestamp();
        var values = new Dictionary<string, AttributeValue> { [":now"] = new() { S = now } };
        var names = new Dictionary<string, string>
        {
            [StatusName] = TableAttributes.Payments.Status,
            ["#updatedAt"] = TableAttributes.Payments.UpdatedAt,
        };
        string update;
        switch (result)
        {
            case ProviderChargeResult.Approved approved:
                update = $"SET {StatusName} = :status, #reference = :reference, #updatedAt = :now";
                values[":status"] = new() { S = PaymentStatus.Charged };
                values[":reference"] = new() { S = approved.Reference };
                names["#reference"] = TableAttributes.Payments.ProviderReference;
                break;
            case ProviderChargeResult.Declined declined:
                update = $"SET {StatusName} = :status, #declineReason = :reason, #updatedAt = :now";
                values[":status"] = new() { S = PaymentStatus.Declined };
                values[":reason"] = new() { S = declined.Reason };
                names["#declineReason"] = TableAttributes.Payments.DeclineReason;
                break;
            default:
                throw new InvalidOperationException($"unknown provider result {result.GetType().Name}");
        }

        try
        {
            var written = await dynamoDb.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = KeyOf(command.OrderId),
                    UpdateExpression = update,
                    ConditionExpression = $"attribute_not_exists({StatusName})",
                    ExpressionAttributeNames = names,
                    ExpressionAttributeValues = values,
                    ReturnValues = ReturnValue.ALL_NEW,
                },
                cancellationToken);
            return PaymentRecord.FromItem(written.Attributes).ToResponse();
        }
        catch (ConditionalCheckFailedException)
        {
            // A concurrent delivery recorded its result first; the processor charged once (same idempotency key).
            return await RecordedResultAsync(command, cancellationToken);
        }
    }

    /// <summary>
    /// Refunds exactly the recorded charge. An order that was never charged, or was declined, answers
    /// <see cref="PaymentStatus.NotCharged"/> with amount 0 and writes nothing; an order already refunded answers
    /// <see cref="PaymentStatus.Refunded"/> again without calling the processor.
    /// </summary>
    public async Task<PaymentResponse> RefundAsync(PaymentCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);

        var existing = await GetAsync(command.OrderId, cancellationToken);
        switch (existing?.Status)
        {
            case null or PaymentStatus.Declined:
                return new PaymentResponse(command.OrderId, PaymentStatus.NotCharged, 0m, existing?.Currency ?? command.Currency, null, existing?.DeclineReason);
            case PaymentStatus.Refunded:
                return existing.ToResponse();
            case PaymentStatus.Charged:
                break;
            default:
                throw new InvalidOperationException($"payment of order {command.OrderId} has an unknown status '{existing.Status}'");
        }

        var refundReference = await provider.RefundAsync(
            new ProviderRefund(existing.OrderId, existing.ProviderReference ?? string.Empty, existing.Amount, existing.Currency),
            cancellationToken);

        try
        {
            var written = await dynamoDb.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = KeyOf(command.OrderId),
                    UpdateExpression = $"SET {StatusName} = :refunded, #refundReference = :reference, #updatedAt = :now",
                    ConditionExpression = $"{StatusName} = :charged",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        [StatusName] = TableAttributes.Payments.Status,
                        ["#refundReference"] = TableAttributes.Payments.RefundReference,
                        ["#updatedAt"] = TableAttributes.Payments.UpdatedAt,
                    },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [":refunded"] = new() { S = PaymentStatus.Refunded },
                        [":charged"] = new() { S = PaymentStatus.Charged },
                        [":reference"] = new() { S = refundReference },
                        [":now"] = new() { S = Timestamp() },
                    },
                    ReturnValues = ReturnValue.ALL_NEW,
                },
                cancellationToken);
            return PaymentRecord.FromItem(written.Attributes).ToResponse();
        }
        catch (ConditionalCheckFailedException)
        {
            var recorded = await GetAsync(command.OrderId, cancellationToken);
            return recorded?.Status == PaymentStatus.Refunded
                ? recorded.ToResponse()
                : throw new TransientServiceException($"payment of order {command.OrderId} changed during its refund; retry to see its new state");
        }
    }

    /// <summary>Counts this attempt and pins the amount and currency; fails the condition once a result is recorded or the amount differs.</summary>
    private async Task<int> RecordAttemptAsync(PaymentCommand command, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.UpdateItemAsync(
            new UpdateItemRequest
            {
                TableName = tableName,
                Key = KeyOf(command.OrderId),
                UpdateExpression = $"SET {AmountName} = :amount, {CurrencyName} = :currency, #createdAt = if_not_exists(#createdAt, :now) ADD #attempts :one",
                ConditionExpression =
                    $"attribute_not_exists({StatusName}) AND (attribute_not_exists({AmountName}) OR ({AmountName} = :amount AND {CurrencyName} = :currency))",
                ExpressionAttributeNames = new Dictionary<string, string>
                {
                    [StatusName] = TableAttributes.Payments.Status,
                    [AmountName] = TableAttributes.Payments.Amount,
                    [CurrencyName] = TableAttributes.Payments.Currency,
                    ["#createdAt"] = TableAttributes.Payments.CreatedAt,
                    ["#attempts"] = TableAttributes.Payments.Attempts,
                },
                ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                {
                    [":amount"] = new() { N = command.Amount.ToString(CultureInfo.InvariantCulture) },
                    [":currency"] = new() { S = command.Currency },
                    [":now"] = new() { S = Timestamp() },
                    [":one"] = new() { N = "1" },
                },
                ReturnValues = ReturnValue.ALL_NEW,
            },
            cancellationToken);
        return PaymentRecord.FromItem(response.Attributes).Attempts;
    }

    private async Task<PaymentResponse> RecordedResultAsync(PaymentCommand command, CancellationToken cancellationToken)
    {
        var recorded = await GetAsync(command.OrderId, cancellationToken)
            ?? throw new TransientServiceException($"payment of order {command.OrderId} vanished while being charged");
        EnsureSameCharge(recorded, command);
        return recorded.Status is not null
            ? recorded.ToResponse()
            : throw new TransientServiceException($"payment of order {command.OrderId} is being charged by another delivery; retry to get its result");
    }

    /// <summary>One order is charged once, for one amount: a delivery asking for another amount is a bug upstream, not a second charge.</summary>
    private static void EnsureSameCharge(PaymentRecord recorded, PaymentCommand command)
    {
        if (recorded.Amount != command.Amount || !string.Equals(recorded.Currency, command.Currency, StringComparison.Ordinal))
        {
            throw new InvalidRequestException(
                $"amount {command.Amount.ToString(CultureInfo.InvariantCulture)} {command.Currency} differs from the "
                + $"{recorded.Amount.ToString(CultureInfo.InvariantCulture)} {recorded.Currency} already recorded for order {command.OrderId}");
        }
    }

    private async Task<PaymentRecord?> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = KeyOf(orderId), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet && response.Item is { Count: > 0 } item ? PaymentRecord.FromItem(item) : null;
    }

    private string Timestamp() => time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);

    private static Dictionary<string, AttributeValue> KeyOf(string orderId) =>
        new() { [TableAttributes.Payments.OrderId] = new AttributeValue { S = orderId } };
}
