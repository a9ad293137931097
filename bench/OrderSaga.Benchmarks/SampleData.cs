using System.Globalization;
using System.Text.Json.Nodes;

namespace OrderSaga.Benchmarks;

/// <summary>An "Order Created" event as EventBridge delivers it to the state machine, with a given number of order lines.</summary>
internal static class SampleData
{
    public static JsonObject OrderEvent(int lines)
    {
        var items = new JsonArray();
        for (var i = 0; i < lines; i++)
        {
            items.Add(new JsonObject
            {
                ["sku"] = "SKU-" + i.ToString(CultureInfo.InvariantCulture),
                ["quantity"] = 1 + (i % 3),
                ["unitPrice"] = 12.5 + i,
            });
        }

        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
            ["detail-type"] = "Order Created",
            ["source"] = "ordersaga.orders",
            ["account"] = "000000000000",
            ["time"] = "2026-11-24T12:00:00Z",
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = new JsonObject
            {
                ["orderId"] = "ORD-1001",
                ["customerId"] = "CUST-42",
                ["customerEmail"] = "ada@example.com",
                ["currency"] = "USD",
                ["items"] = items,
                ["totalAmount"] = 25.0,
                ["payment"] = new JsonObject { ["method"] = "card", ["token"] = "tok_visa" },
            },
        };
    }
}
