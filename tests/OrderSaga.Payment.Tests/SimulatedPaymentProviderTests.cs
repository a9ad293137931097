using OrderSaga.Contracts;

namespace OrderSaga.Payment.Tests;

public sealed class SimulatedPaymentProviderTests
{
    private readonly SimulatedPaymentProvider provider = new();

    [Theory]
    [InlineData("tok_visa")]
    [InlineData("tok_mastercard")]
    public async Task ChargeAsync_SuccessToken_ApprovesWithReferenceOfTheOrder(string token)
    {
        var result = await provider.ChargeAsync(new ProviderCharge("ORD-1", 25m, "USD", token, Attempt: 1));

        Assert.Equal(new ProviderChargeResult.Approved("sim_ch_ORD-1"), result);
    }

    [Theory]
    [InlineData("tok_chargeDeclined", "card_declined")]
    [InlineData("tok_insufficientFunds", "insufficient_funds")]
    [InlineData("tok_unheardOf", "unknown_token")]
    [InlineData("TOK_VISA", "unknown_token")]
    public async Task ChargeAsync_DeclineToken_DeclinesWithReason(string token, string reason)
    {
        var result = await provider.ChargeAsync(new ProviderCharge("ORD-1", 25m, "USD", token, Attempt: 1));

        Assert.Equal(new ProviderChargeResult.Declined(reason), result);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ChargeAsync_FlakyEarlyAttempt_ThrowsTransient(int attempt)
    {
        var error = await Assert.ThrowsAsync<TransientServiceException>(
            () => provider.ChargeAsync(new ProviderCharge("ORD-1", 25m, "USD", "tok_flaky", attempt)));

        Assert.Contains("ORD-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    public async Task ChargeAsync_FlakyLaterAttempt_Approves(int attempt)
    {
        var result = await provider.ChargeAsync(new ProviderCharge("ORD-1", 25m, "USD", "tok_flaky", attempt));

        Assert.IsType<ProviderChargeResult.Approved>(result);
    }

    [Fact]
    public async Task RefundAsync_AnyCharge_ReturnsReferenceOfTheOrder()
    {
        Assert.Equal("sim_re_ORD-1", await provider.RefundAsync(new ProviderRefund("ORD-1", "sim_ch_ORD-1", 25m, "USD")));
    }
}
