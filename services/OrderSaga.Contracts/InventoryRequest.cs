namespace OrderSaga.Contracts;

/// <summary>Input of the Inventory function. <see cref="Action"/> is one of <see cref="InventoryActions"/>.</summary>
public sealed record InventoryRequest(string Action, string OrderId, IReadOnlyList<OrderItem> Items);
