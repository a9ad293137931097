using System.Globalization;
using System.Text;
using OrderSaga.Contracts;

namespace OrderSaga.Notification;

/// <summary>Renders the plain-text confirmation or cancellation e-mail of an order; amounts use invariant formatting with the currency code.</summary>
internal static class NotificationRenderer
{
    public static RenderedMessage Render(NotificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        var body = new StringBuilder();
        body.Append("Hello,\n\n");
        string subject;
        if (request.Kind == NotificationKinds.Confirmed)
        {
            subject = $"Your order {request.OrderId} is confirmed";
            body.Append(CultureInfo.InvariantCulture, $"your order {request.OrderId} is confirmed and on its way.\n\n");
        }
        else
        {
            subject = $"Your order {request.OrderId} has been cancelled";
            body.Append(CultureInfo.InvariantCulture, $"we are sorry: your order {request.OrderId} has been cancelled because {Explain(request.Reason)}.\n");
            body.Append("Any amount charged for it has been refunded.\n\n");
        }

        foreach (var item in request.Items)
        {
            body.Append(CultureInfo.InvariantCulture, $"  {item.Quantity} x {item.Sku} at {Money(item.UnitPrice, request.Currency)} = {Money(item.UnitPrice * item.Quantity, request.Currency)}\n");
        }

        body.Append(CultureInfo.InvariantCulture, $"\nTotal: {Money(request.TotalAmount, request.Currency)}\n");
        body.Append(request.Kind == NotificationKinds.Confirmed ? "\nThank you for your order.\n" : "\nWe hope to see you again.\n");
        return new RenderedMessage(request.CustomerEmail, subject, body.ToString());
    }

    /// <summary>Known reasons read as a sentence; any other reason is quoted as given, so nothing is hidden from the customer service.</summary>
    internal static string Explain(string? reason) => reason switch
    {
        CancellationReasons.OutOfStock => "some of its items are out of stock",
        CancellationReasons.PaymentDeclined => "the payment was declined",
        CancellationReasons.StepFailed => "a technical problem stopped us from completing it",
        _ => $"of the following: {reason}",
    };

    private static string Money(decimal amount, string currency) =>
        $"{amount.ToString("0.00", CultureInfo.InvariantCulture)} {currency}";
}
