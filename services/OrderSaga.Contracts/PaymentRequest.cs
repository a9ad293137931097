namespace OrderSaga.Contracts;

/// <summary>
/// Input of the Payment function. <see cref="Action"/> is one of <see cref="PaymentActions"/>;
/// <see cref="Payment"/> is required to charge and ignored to refund (the refund uses what was recorded).
/// </summary>
public sealed record PaymentRequest(string Action, string OrderId, decimal Amount, string Currency, PaymentDetails? Payment);
