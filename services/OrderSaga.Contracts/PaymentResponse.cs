namespace OrderSaga.Contracts;

/// <summary>Output of the Payment function. A decline is a result (<see cref="PaymentStatus.Declined"/>), not an error.</summary>
public sealed record PaymentResponse(
    string OrderId,
    string Status,
    decimal Amount,
    string Currency,
    string? ProviderReference,
    string? DeclineReason);
