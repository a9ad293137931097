using OrderSaga.Contracts;

namespace OrderSaga.Payment;

/// <summary>
/// The processor that ships: a deterministic simulator driven by test tokens, like a card processor's test mode.
/// <list type="table">
///   <listheader><term>token</term><description>outcome</description></listheader>
///   <item><term><c>tok_visa</c></term><description>charged</description></item>
///   <item><term><c>tok_mastercard</c></term><description>charged</description></item>
///   <item><term><c>tok_chargeDeclined</c></term><description>declined, reason <c>card_declined</c></description></item>
///   <item><term><c>tok_insufficientFunds</c></term><description>declined, reason <c>insufficient_funds</c></description></item>
///   <item><term><c>tok_flaky</c></term><description>attempts 1 and 2 of an order fail with <c>TransientServiceException</c>; attempt 3 and later are charged</description></item>
///   <item><term>any other token</term><description>declined, reason <c>unknown_token</c> (an unknown card is the customer's problem, not a reason to retry)</description></item>
/// </list>
/// References are derived from the order id (<c>sim_ch_ORD-1</c>, <c>sim_re_ORD-1</c>): the order id is the idempotency key.
/// Refunds always succeed.
/// </summary>
internal sealed class SimulatedPaymentProvider : IPaymentProvider
{
    public const string Visa = "tok_visa";
    public const string Mastercard = "tok_mastercard";
    public const string ChargeDeclined = "tok_chargeDeclined";
    public const string InsufficientFunds = "tok_insufficientFunds";
    public const string Flaky = "tok_flaky";

    public const string CardDeclinedReason = "card_declined";
    public const string InsufficientFundsReason = "insufficient_funds";
    public const string UnknownTokenReason = "unknown_token";

    /// <summary>How many attempts of a <c>tok_flaky</c> charge fail before one succeeds.</summary>
    public const int FlakyFailures = 2;

    public Task<ProviderChargeResult> ChargeAsync(ProviderCharge charge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(charge);

        ProviderChargeResult result = charge.Token switch
        {
            Visa or Mastercard => Approved(charge),
            ChargeDeclined => new ProviderChargeResult.Declined(CardDeclinedReason),
            InsufficientFunds => new ProviderChargeResult.Declined(InsufficientFundsReason),
            Flaky when charge.Attempt <= FlakyFailures => throw new TransientServiceException(
                $"simulated processor timeout for order {charge.OrderId} (tok_flaky attempt {charge.Attempt} of {FlakyFailures} that fail)"),
            Flaky => Approved(charge),
            _ => new ProviderChargeResult.Declined(UnknownTokenReason),
        };
        return Task.FromResult(result);
    }

    public Task<string> RefundAsync(ProviderRefund refund, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(refund);
        return Task.FromResult($"sim_re_{refund.OrderId}");
    }

    private static ProviderChargeResult.Approved Approved(ProviderCharge charge) => new($"sim_ch_{charge.OrderId}");
}
