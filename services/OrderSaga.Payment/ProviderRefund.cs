namespace OrderSaga.Payment;

/// <summary>A refund of a recorded charge, for exactly its amount.</summary>
internal sealed record ProviderRefund(string OrderId, string ChargeReference, decimal Amount, string Currency);
