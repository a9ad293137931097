namespace OrderSaga.Payment;

/// <summary>
/// A card processor. Implementations report a decline as <see cref="ProviderChargeResult.Declined"/> and a failure
/// worth retrying (timeout, processor unavailable) by throwing <c>TransientServiceException</c>. The order id is the
/// idempotency key, as with real processors: charging or refunding the same order twice moves money once.
/// </summary>
internal interface IPaymentProvider
{
    Task<ProviderChargeResult> ChargeAsync(ProviderCharge charge, CancellationToken cancellationToken = default);

    /// <summary>Returns the processor's reference of the refund.</summary>
    Task<string> RefundAsync(ProviderRefund refund, CancellationToken cancellationToken = default);
}
