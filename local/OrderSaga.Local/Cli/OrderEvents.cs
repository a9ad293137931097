using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>"Order Created" events as the order service puts them on the bus (DESIGN.md, "The event contract").</summary>
internal static class OrderEvents
{
    public const string DefaultBus = "order-saga";
    public const string Source = "ordersaga.orders";
    public const string DetailType = "Order Created";

    /// <summary>An order of one line; a null <paramref name="orderId"/> leaves the field out (a malformed order).</summary>
    public static JsonObject Detail(string? orderId, string customerId, string email, string sku, int quantity, decimal unitPrice, string token, string currency)
    {
        var detail = new JsonObject();
        if (orderId is not null)
        {
            detail["orderId"] = orderId;
        }

        detail["customerId"] = customerId;
        detail["customerEmail"] = email;
        detail["currency"] = currency;
        detail["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = quantity, ["unitPrice"] = unitPrice });
        detail["totalAmount"] = quantity * unitPrice;
        detail["payment"] = new JsonObject { ["method"] = "card", ["token"] = token };
        return detail;
    }

    /// <summary>One PutEvents entry; <c>Detail</c> is a string holding JSON, as the API wants it.</summary>
    public static JsonObject Entry(JsonObject detail, string bus) => new()
    {
        ["EventBusName"] = bus,
        ["Source"] = Source,
        ["DetailType"] = DetailType,
        ["Detail"] = detail.ToJsonString(),
    };

    /// <summary>The order id an execution was started for: the rule passes the whole event, so it is <c>detail.orderId</c>.</summary>
    public static string? OrderIdOf(JsonNode? executionInput) =>
        executionInput is JsonObject input && input["detail"] is JsonObject detail && detail["orderId"] is JsonValue id && id.TryGetValue<string>(out var text)
            ? text
            : null;
}
