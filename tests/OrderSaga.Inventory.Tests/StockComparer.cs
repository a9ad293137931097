namespace OrderSaga.Inventory.Tests;

/// <summary>Compares stock levels by value, reservations included (records compare dictionaries by reference).</summary>
internal sealed class StockComparer : IEqualityComparer<StockLevel>
{
    public static readonly StockComparer Instance = new();

    public bool Equals(StockLevel? x, StockLevel? y) =>
        x is not null && y is not null && x.Available == y.Available
        && x.Reservations.Count == y.Reservations.Count
        && x.Reservations.All(pair => y.Reservations.TryGetValue(pair.Key, out var units) && units == pair.Value);

    public int GetHashCode(StockLevel obj) => obj.Available;
}
