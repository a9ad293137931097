namespace OrderSaga.Payment;

/// <summary>What a processor answered to a charge: approved with a reference, or declined with a reason.</summary>
internal abstract record ProviderChargeResult
{
    private ProviderChargeResult()
    {
    }

    internal sealed record Approved(string Reference) : ProviderChargeResult;

    internal sealed record Declined(string Reason) : ProviderChargeResult;
}
