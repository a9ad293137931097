using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>One order of a chaos run, as planned: what is sent, and what sort of order it is meant to be.</summary>
/// <param name="OrderId">The order id; a malformed order without one still has it here, to name it in the report.</param>
/// <param name="Lines">SKU → units, one entry per SKU.</param>
/// <param name="Duplicate">Published twice, as two PutEvents entries (two events, one order).</param>
/// <param name="Malformed">Routed to the rejected-orders queue by the stack's rules: no orderId (<paramref name="MissingOrderId"/>), or else a total of 0.</param>
/// <param name="OverStock">Asks for more units of a SKU than it ever had: always out of stock.</param>
internal sealed record ChaosOrder(
    string OrderId,
    string CustomerId,
    IReadOnlyDictionary<string, int> Lines,
    IReadOnlyDictionary<string, decimal> UnitPrices,
    decimal TotalAmount,
    string Token,
    bool Duplicate,
    bool Malformed,
    bool MissingOrderId,
    bool OverStock)
{
    /// <summary>The "Order Created" detail as the order service would send it; a malformed order lacks its id or has a zero total.</summary>
    public JsonObject Detail()
    {
        var detail = new JsonObject();
        if (!MissingOrderId)
        {
            detail["orderId"] = OrderId;
        }

        detail["customerId"] = CustomerId;
        detail["customerEmail"] = "chaos@example.com";
        detail["currency"] = "USD";
        var items = new JsonArray();
        foreach (var (sku, quantity) in Lines)
        {
            items.Add(new JsonObject { ["sku"] = sku, ["quantity"] = quantity, ["unitPrice"] = UnitPrices[sku] });
        }

        detail["items"] = items;
        detail["totalAmount"] = Malformed && !MissingOrderId ? 0m : TotalAmount;
        detail["payment"] = new JsonObject { ["method"] = "card", ["token"] = Token };
        return detail;
    }
}
