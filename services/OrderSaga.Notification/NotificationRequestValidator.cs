using System.Globalization;
using System.Text.RegularExpressions;
using OrderSaga.Contracts;

namespace OrderSaga.Notification;

/// <summary>Checks a <see cref="NotificationRequest"/> before anything is written and reports every problem at once, each with its JSON location.</summary>
internal static partial class NotificationRequestValidator
{
    public static void Validate(NotificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();

        // Nullable annotations are not enforced by System.Text.Json on net8.0: a missing member arrives as null (or 0).
        if (string.IsNullOrWhiteSpace(request.Kind))
        {
            errors.Add($"kind is required (one of {NotificationKinds.Confirmed}, {NotificationKinds.Cancelled})");
        }
        else if (request.Kind is not (NotificationKinds.Confirmed or NotificationKinds.Cancelled))
        {
            errors.Add($"kind '{request.Kind}' is not supported: expected {NotificationKinds.Confirmed} or {NotificationKinds.Cancelled}");
        }

        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            errors.Add("orderId is required");
        }

        if (request.CustomerEmail is null || !Email().IsMatch(request.CustomerEmail))
        {
            errors.Add($"customerEmail must be an e-mail address such as ada@example.com (got {Quote(request.CustomerEmail)})");
        }

        if (request.Currency is null || !CurrencyCode().IsMatch(request.Currency))
        {
            errors.Add($"currency must be a 3-letter ISO 4217 code such as USD (got {Quote(request.Currency)})");
        }

        if (request.TotalAmount <= 0)
        {
            errors.Add($"totalAmount must be greater than 0 (got {request.TotalAmount.ToString(CultureInfo.InvariantCulture)})");
        }

        if (request.Items is null || request.Items.Count == 0)
        {
            errors.Add("items must contain at least one line");
        }
        else
        {
            for (var i = 0; i < request.Items.Count; i++)
            {
                var item = request.Items[i];
                if (item is null)
                {
                    errors.Add($"items[{i}] must be an object");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(item.Sku))
                {
                    errors.Add($"items[{i}].sku is required");
                }

                if (item.Quantity <= 0)
                {
                    errors.Add($"items[{i}].quantity must be a positive integer (got {item.Quantity.ToString(CultureInfo.InvariantCulture)})");
                }

                if (item.UnitPrice < 0)
                {
                    errors.Add($"items[{i}].unitPrice must not be negative (got {item.UnitPrice.ToString(CultureInfo.InvariantCulture)})");
                }
            }
        }

        if (request.Kind == NotificationKinds.Cancelled && string.IsNullOrWhiteSpace(request.Reason))
        {
            errors.Add("reason is required when kind is CANCELLED");
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException($"invalid notification request: {string.Join("; ", errors)}");
        }
    }

    private static string Quote(string? value) => value is null ? "nothing" : $"'{value}'";

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Email();
}
