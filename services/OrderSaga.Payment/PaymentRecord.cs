using System.Globalization;
using Amazon.DynamoDBv2.Model;
using OrderSaga.Contracts;

namespace OrderSaga.Payment;

/// <summary>
/// A row of the payments table. <see cref="Status"/> is null while the charge is still being attempted
/// (only <see cref="Attempts"/>, the amount and the currency are recorded then).
/// </summary>
internal sealed record PaymentRecord(
    string OrderId,
    string? Status,
    decimal Amount,
    string Currency,
    string? ProviderReference,
    string? DeclineReason,
    int Attempts)
{
    public static PaymentRecord FromItem(Dictionary<string, AttributeValue> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new PaymentRecord(
            item[TableAttributes.Payments.OrderId].S,
            StringOf(item, TableAttributes.Payments.Status),
            item.TryGetValue(TableAttributes.Payments.Amount, out var amount) && amount.N is { } n
                ? decimal.Parse(n, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture)
                : 0m,
            StringOf(item, TableAttributes.Payments.Currency) ?? string.Empty,
            StringOf(item, TableAttributes.Payments.ProviderReference),
            StringOf(item, TableAttributes.Payments.DeclineReason),
            item.TryGetValue(TableAttributes.Payments.Attempts, out var attempts) && attempts.N is { } a
                ? int.Parse(a, NumberStyles.Integer, CultureInfo.InvariantCulture)
                : 0);
    }

    public PaymentResponse ToResponse() =>
        new(OrderId, Status ?? throw new InvalidOperationException($"payment of order {OrderId} has no result yet"), Amount, Currency, ProviderReference, DeclineReason);

    private static string? StringOf(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) ? value.S : null;
}
