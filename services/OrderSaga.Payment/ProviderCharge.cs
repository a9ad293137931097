namespace OrderSaga.Payment;

/// <summary>
/// A charge as sent to the processor. <see cref="Attempt"/> counts this order's charge attempts (1 for the first),
/// as recorded in the payments table, so a simulated processor can behave the same in every process.
/// </summary>
internal sealed record ProviderCharge(string OrderId, decimal Amount, string Currency, string Token, int Attempt);
