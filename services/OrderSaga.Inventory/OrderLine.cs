namespace OrderSaga.Inventory;

/// <summary>Units of one SKU an order asks for, after lines of the same SKU were merged.</summary>
internal sealed record OrderLine(string Sku, int Quantity);
