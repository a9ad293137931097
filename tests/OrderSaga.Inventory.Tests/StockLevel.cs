namespace OrderSaga.Inventory.Tests;

/// <summary>What an inventory item holds: units still available and units reserved per order.</summary>
internal sealed record StockLevel(int Available, IReadOnlyDictionary<string, int> Reservations)
{
    public int Reserved => Reservations.Values.Sum();
}
