namespace OrderSaga.Payment;

/// <summary>A validated <c>PaymentRequest</c>; <see cref="Token"/> is set for a charge only.</summary>
internal sealed record PaymentCommand(string Action, string OrderId, decimal Amount, string Currency, string? Token);
