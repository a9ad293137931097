using System.Globalization;
using Amazon.DynamoDBv2.Model;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Inventory.Tests;

/// <summary>A fresh inventory table in dynalite, with helpers to seed stock and read it back.</summary>
internal sealed class InventoryTable(DynaliteFixture dynalite, string name)
{
    public string Name { get; } = name;

    public static async Task<InventoryTable> CreateAsync(DynaliteFixture dynalite) =>
        new(dynalite, await dynalite.CreateInventoryTableAsync());

    public async Task SeedAsync(string sku, int available, bool withReservationsMap = true)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [TableAttributes.Inventory.Sku] = new() { S = sku },
            [TableAttributes.Inventory.Available] = new() { N = available.ToString(CultureInfo.InvariantCulture) },
        };
        if (withReservationsMap)
        {
            item[TableAttributes.Inventory.Reservations] = new() { M = [] };
        }

        await dynalite.Client.PutItemAsync(new PutItemRequest { TableName = Name, Item = item });
    }

    public async Task<StockLevel> ReadAsync(string sku)
    {
        var response = await dynalite.Client.GetItemAsync(new GetItemRequest
        {
            TableName = Name,
            Key = new Dictionary<string, AttributeValue> { [TableAttributes.Inventory.Sku] = new() { S = sku } },
            ConsistentRead = true,
        });
        var item = response.Item ?? throw new InvalidOperationException($"SKU {sku} is not in {Name}");
        var reservations = item.TryGetValue(TableAttributes.Inventory.Reservations, out var map) && map.M is not null
            ? map.M.ToDictionary(pair => pair.Key, pair => int.Parse(pair.Value.N, CultureInfo.InvariantCulture))
            : [];
        return new StockLevel(int.Parse(item[TableAttributes.Inventory.Available].N, CultureInfo.InvariantCulture), reservations);
    }

    public Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAsync() => dynalite.ScanAllAsync(Name);
}
