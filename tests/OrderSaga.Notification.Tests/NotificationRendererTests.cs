using OrderSaga.Contracts;

namespace OrderSaga.Notification.Tests;

public sealed class NotificationRendererTests
{
    private static readonly NotificationRequest Confirmed = new(
        NotificationKinds.Confirmed,
        "ORD-1001",
        "ada@example.com",
        "USD",
        27.50m,
        [new OrderItem("SKU-RED-MUG", 2, 12.50m), new OrderItem("SKU-TEA", 1, 2.5m)],
        null);

    [Fact]
    public void Render_Confirmed_ListsEveryLineAndTheTotal()
    {
        var message = NotificationRenderer.Render(Confirmed);

        Assert.Equal("ada@example.com", message.Recipient);
        Assert.Equal("Your order ORD-1001 is confirmed", message.Subject);
        Assert.Equal(
            "Hello,\n\n"
            + "your order ORD-1001 is confirmed and on its way.\n\n"
            + "  2 x SKU-RED-MUG at 12.50 USD = 25.00 USD\n"
            + "  1 x SKU-TEA at 2.50 USD = 2.50 USD\n"
            + "\nTotal: 27.50 USD\n"
            + "\nThank you for your order.\n",
            message.Body);
    }

    [Theory]
    [InlineData(CancellationReasons.OutOfStock, "because some of its items are out of stock.")]
    [InlineData(CancellationReasons.PaymentDeclined, "because the payment was declined.")]
    [InlineData(CancellationReasons.StepFailed, "because a technical problem stopped us from completing it.")]
    [InlineData("FRAUD_SUSPECTED", "because of the following: FRAUD_SUSPECTED.")]
    public void Render_Cancelled_ExplainsTheReason(string reason, string expected)
    {
        var message = NotificationRenderer.Render(Confirmed with { Kind = NotificationKinds.Cancelled, Reason = reason });

        Assert.Equal("Your order ORD-1001 has been cancelled", message.Subject);
        Assert.Contains($"your order ORD-1001 has been cancelled {expected}\n", message.Body, StringComparison.Ordinal);
        Assert.Contains("Any amount charged for it has been refunded.", message.Body, StringComparison.Ordinal);
        Assert.Contains("Total: 27.50 USD", message.Body, StringComparison.Ordinal);
    }
}
