namespace OrderSaga.Payment.Tests;

/// <summary>Wraps a provider and counts the calls that reach it, to prove retries and duplicates do not charge again.</summary>
internal sealed class CountingPaymentProvider(IPaymentProvider inner) : IPaymentProvider
{
    private int charges;
    private int refunds;

    public int Charges => Volatile.Read(ref charges);

    public int Refunds => Volatile.Read(ref refunds);

    public Task<ProviderChargeResult> ChargeAsync(ProviderCharge charge, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref charges);
        return inner.ChargeAsync(charge, cancellationToken);
    }

    public Task<string> RefundAsync(ProviderRefund refund, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref refunds);
        return inner.RefundAsync(refund, cancellationToken);
    }
}
