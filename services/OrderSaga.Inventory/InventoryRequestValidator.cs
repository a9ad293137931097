using System.Globalization;
using OrderSaga.Contracts;

namespace OrderSaga.Inventory;

/// <summary>
/// Checks an <see cref="InventoryRequest"/> before anything is written and reports every problem at once,
/// each with its JSON location (<c>items[1].quantity must be a positive integer</c>).
/// </summary>
internal static class InventoryRequestValidator
{
    public static InventoryCommand Validate(InventoryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();

        // Nullable annotations are not enforced by System.Text.Json on net8.0: a missing member arrives as null.
        if (string.IsNullOrWhiteSpace(request.Action))
        {
            errors.Add($"action is required (one of {InventoryActions.Reserve}, {InventoryActions.Release})");
        }
        else if (request.Action is not (InventoryActions.Reserve or InventoryActions.Release))
        {
            errors.Add($"action '{request.Action}' is not supported: expected {InventoryActions.Reserve} or {InventoryActions.Release}");
        }

        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            errors.Add("orderId is required");
        }

        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        var skusInOrder = new List<string>();
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

                var skuValid = !string.IsNullOrWhiteSpace(item.Sku);
                if (!skuValid)
                {
                    errors.Add($"items[{i}].sku is required");
                }

                if (item.Quantity <= 0)
                {
                    errors.Add($"items[{i}].quantity must be a positive integer (got {item.Quantity.ToString(CultureInfo.InvariantCulture)})");
                }
                else if (skuValid)
                {
                    if (!merged.TryGetValue(item.Sku, out var units))
                    {
                        skusInOrder.Add(item.Sku);
                    }

                    merged[item.Sku] = units + item.Quantity;
                }
            }
        }

        foreach (var (sku, quantity) in merged)
        {
            if (quantity > int.MaxValue)
            {
                errors.Add($"the lines of SKU '{sku}' add up to {quantity.ToString(CultureInfo.InvariantCulture)} units, more than {int.MaxValue.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        if (errors.Count > 0)
        {
            throw new InvalidRequestException($"invalid inventory request: {string.Join("; ", errors)}");
        }

        return new InventoryCommand(request.Action, request.OrderId, [.. skusInOrder.Select(sku => new OrderLine(sku, (int)merged[sku]))]);
    }
}
