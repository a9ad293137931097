using System.Globalization;
using OrderSaga.Contracts;
using OrderSaga.Testing;
using Xunit.Abstractions;

namespace OrderSaga.Inventory.Tests;

/// <summary>Many orders racing for the same SKU: conditional writes must neither oversell nor lose units.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class InventoryConcurrencyTests(DynaliteFixture dynalite, ITestOutputHelper output)
{
    [Fact]
    public async Task ReserveAsync_FiftyConcurrentOrdersOfOneUnitAgainstTen_ReservesExactlyTen()
    {
        const int orders = 50;
        const int stock = 10;
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", stock);
        var service = new InventoryService(dynalite.Client, table.Name);

        var responses = await Task.WhenAll(Enumerable.Range(1, orders).Select(i =>
            Task.Run(() => service.ReserveAsync($"ORD-{i.ToString(CultureInfo.InvariantCulture)}", [new OrderLine("SKU-MUG", 1)]))));

        var reserved = responses.Where(r => r.Status == InventoryStatus.Reserved).Select(r => r.OrderId).ToHashSet();
        var outOfStock = responses.Count(r => r.Status == InventoryStatus.OutOfStock);
        var level = await table.ReadAsync("SKU-MUG");
        output.WriteLine($"attempts={orders} reserved={reserved.Count} outOfStock={outOfStock} finalAvailable={level.Available} reservedUnits={level.Reserved}");

        Assert.Equal(stock, reserved.Count);
        Assert.Equal(orders - stock, outOfStock);
        Assert.Equal(0, level.Available);
        Assert.Equal(reserved.Order(StringComparer.Ordinal), level.Reservations.Keys.Order(StringComparer.Ordinal));
        Assert.All(level.Reservations.Values, units => Assert.Equal(1, units));
        Assert.All(responses.Where(r => r.Status == InventoryStatus.OutOfStock), r => Assert.Equal(["SKU-MUG"], r.UnavailableSkus));
    }

    [Fact]
    public async Task ReserveAndRelease_ConcurrentMultiLineOrders_ConserveEveryUnit()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 7);
        await table.SeedAsync("SKU-TEA", 5);
        var service = new InventoryService(dynalite.Client, table.Name);

        // Each order wants both SKUs; half of them release right after, so reservations and releases interleave.
        var results = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            var orderId = $"ORD-{i.ToString(CultureInfo.InvariantCulture)}";
            OrderLine[] lines = [new("SKU-MUG", 1), new("SKU-TEA", 1)];
            var response = await service.ReserveAsync(orderId, lines);
            if (i % 2 == 0)
            {
                await service.ReleaseAsync(orderId, lines);
                return (orderId, Holds: false);
            }

            return (orderId, Holds: response.Status == InventoryStatus.Reserved);
        })));

        var holders = results.Where(r => r.Holds).Select(r => r.orderId).Order(StringComparer.Ordinal).ToList();
        var mug = await table.ReadAsync("SKU-MUG");
        var tea = await table.ReadAsync("SKU-TEA");
        output.WriteLine($"orders=20 holding={holders.Count} mug={mug.Available}+{mug.Reserved} tea={tea.Available}+{tea.Reserved}");

        Assert.Equal(7, mug.Available + mug.Reserved);
        Assert.Equal(5, tea.Available + tea.Reserved);
        Assert.True(mug.Available >= 0 && tea.Available >= 0);
        Assert.Equal(holders, mug.Reservations.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(holders, tea.Reservations.Keys.Order(StringComparer.Ordinal));
    }
}
