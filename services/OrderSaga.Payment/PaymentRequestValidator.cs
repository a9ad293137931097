using System.Globalization;
using System.Text.RegularExpressions;
using OrderSaga.Contracts;

namespace OrderSaga.Payment;

/// <summary>Checks a <see cref="PaymentRequest"/> before anything is written and reports every problem at once, each with its JSON location.</summary>
internal static partial class PaymentRequestValidator
{
    public static PaymentCommand Validate(PaymentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();

        // Nullable annotations are not enforced by System.Text.Json on net8.0: a missing member arrives as null (or 0).
        if (string.IsNullOrWhiteSpace(request.Action))
        {
            errors.Add($"action is required (one of {PaymentActions.Charge}, {PaymentActions.Refund})");
        }
        else if (request.Action is not (PaymentActions.Charge or PaymentActions.Refund))
        {
            errors.Add($"action '{request.Action}' is not supported: expected {PaymentActions.Charge} or {PaymentActions.Refund}");
        }

        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            errors.Add("orderId is required");
        }

        if (request.Amount <= 0)
        {
            errors.Add($"amount must be greater than 0 (got {request.Amount.ToString(CultureInfo.InvariantCulture)})");
        }

        if (request.Currency is null || !CurrencyCode().IsMatch(request.Currency))
        {
            errors.Add($"currency must be a 3-letter ISO 4217 code such as USD (got {Quote(request.Currency)})");
        }

        if (request.Action == PaymentActions.Charge)
        {
            if (request.Payment is null)
            {
                errors.Add("payment is required to charge");
            }
            else
            {
                if (string.IsNullOrWhiteSpace(request.Payment.Method))
                {
                    errors.Add("payment.method is required");
                }

                if (string.IsNullOrWhiteSpace(request.Payment.Token))
                {
                    errors.Add("payment.token is required");
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException($"invalid payment request: {string.Join("; ", errors)}");
        }

        // The refund uses what was recorded, so its payment details are not needed (and not checked).
        var token = request.Action == PaymentActions.Charge ? request.Payment!.Token : null;
        return new PaymentCommand(request.Action, request.OrderId, request.Amount, request.Currency!, token);
    }

    private static string Quote(string? value) => value is null ? "nothing" : $"'{value}'";

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();
}
