namespace OrderSaga.Inventory;

/// <summary>A validated <c>InventoryRequest</c>: a known action, an order id and merged lines.</summary>
internal sealed record InventoryCommand(string Action, string OrderId, IReadOnlyList<OrderLine> Lines);
