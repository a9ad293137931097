namespace OrderSaga.Contracts;

/// <summary>
/// Output of the Inventory function. Out of stock is a result, not an error: <see cref="Status"/> is one of
/// <see cref="InventoryStatus"/>, and <see cref="UnavailableSkus"/> names the lines that could not be reserved.
/// </summary>
public sealed record InventoryResponse(string OrderId, string Status, IReadOnlyList<string> UnavailableSkus);
