using System.Text.Json;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Inventory.Tests;

/// <summary>The Inventory function through its Lambda entry point (JSON stream in, JSON stream out) against dynalite.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class InventoryFunctionTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task HandleAsync_ReserveWithEnoughStock_ReservesEveryLine()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        await table.SeedAsync("SKU-TEA", 5);
        var function = new Function(table.Name, dynalite.Client);

        var response = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 2), ("SKU-TEA", 5));

        Assert.Equal("ORD-1", response.OrderId);
        Assert.Equal(InventoryStatus.Reserved, response.Status);
        Assert.Empty(response.UnavailableSkus);
        Assert.Equal(new StockLevel(8, new Dictionary<string, int> { ["ORD-1"] = 2 }), await table.ReadAsync("SKU-MUG"), StockComparer.Instance);
        Assert.Equal(new StockLevel(0, new Dictionary<string, int> { ["ORD-1"] = 5 }), await table.ReadAsync("SKU-TEA"), StockComparer.Instance);
    }

    [Fact]
    public async Task HandleAsync_ReserveTwice_ReservesOnce()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        var function = new Function(table.Name, dynalite.Client);

        var first = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 3));
        var second = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 3));

        Assert.Equal(InventoryStatus.Reserved, first.Status);
        Assert.Equal(InventoryStatus.Reserved, second.Status);
        var stock = await table.ReadAsync("SKU-MUG");
        Assert.Equal(7, stock.Available);
        Assert.Equal(new Dictionary<string, int> { ["ORD-1"] = 3 }, stock.Reservations);
    }

    [Fact]
    public async Task HandleAsync_ReleaseTwice_GivesBackExactlyWhatWasReservedOnce()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        await table.SeedAsync("SKU-TEA", 4);
        var function = new Function(table.Name, dynalite.Client);
        await ReserveAsync(function, "ORD-1", ("SKU-MUG", 3), ("SKU-TEA", 1));
        await ReserveAsync(function, "ORD-2", ("SKU-MUG", 2));

        // The release request's quantities are not trusted: the recorded reservation is what goes back.
        var first = await InvokeAsync(function, Request(InventoryActions.Release, "ORD-1", ("SKU-MUG", 99), ("SKU-TEA", 1)));
        var (mugAfterFirst, teaAfterFirst) = (await table.ReadAsync("SKU-MUG"), await table.ReadAsync("SKU-TEA"));
        var second = await InvokeAsync(function, Request(InventoryActions.Release, "ORD-1", ("SKU-MUG", 99), ("SKU-TEA", 1)));

        Assert.Equal(InventoryStatus.Released, first.Status);
        Assert.Equal(InventoryStatus.Released, second.Status);
        Assert.Equal(new StockLevel(8, new Dictionary<string, int> { ["ORD-2"] = 2 }), mugAfterFirst, StockComparer.Instance);
        Assert.Equal(new StockLevel(4, new Dictionary<string, int>()), teaAfterFirst, StockComparer.Instance);
        Assert.Equal(mugAfterFirst, await table.ReadAsync("SKU-MUG"), StockComparer.Instance);
        Assert.Equal(teaAfterFirst, await table.ReadAsync("SKU-TEA"), StockComparer.Instance);
    }

    [Fact]
    public async Task HandleAsync_ReleaseOfOrderThatReservedNothing_ChangesNothing()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        var function = new Function(table.Name, dynalite.Client);

        var response = await InvokeAsync(function, Request(InventoryActions.Release, "ORD-NEVER", ("SKU-MUG", 2), ("SKU-UNKNOWN", 1)));

        Assert.Equal(InventoryStatus.Released, response.Status);
        var stock = await table.ReadAsync("SKU-MUG");
        Assert.Equal(10, stock.Available);
        Assert.Empty(stock.Reservations);
        Assert.Single(await table.ScanAsync());
    }

    [Fact]
    public async Task HandleAsync_SecondLineShort_UndoesFirstLineAndReturnsOutOfStock()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        await table.SeedAsync("SKU-TEA", 1);
        await table.SeedAsync("SKU-CUP", 0);
        var function = new Function(table.Name, dynalite.Client);

        var response = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 4), ("SKU-TEA", 2), ("SKU-CUP", 1));

        Assert.Equal(InventoryStatus.OutOfStock, response.Status);
        Assert.Equal(["SKU-TEA", "SKU-CUP"], response.UnavailableSkus);
        foreach (var (sku, available) in new[] { ("SKU-MUG", 10), ("SKU-TEA", 1), ("SKU-CUP", 0) })
        {
            var stock = await table.ReadAsync(sku);
            Assert.Equal(available, stock.Available);
            Assert.Empty(stock.Reservations);
        }
    }

    [Fact]
    public async Task HandleAsync_RedeliveryAfterPartialReservationFindsShortage_OrderHoldsNothing()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        await table.SeedAsync("SKU-TEA", 1);
        var function = new Function(table.Name, dynalite.Client);

        // As if an earlier delivery reserved the first line and then crashed.
        await ReserveAsync(function, "ORD-1", ("SKU-MUG", 4));
        var response = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 4), ("SKU-TEA", 2));

        Assert.Equal(InventoryStatus.OutOfStock, response.Status);
        Assert.Equal(["SKU-TEA"], response.UnavailableSkus);
        Assert.Equal(10, (await table.ReadAsync("SKU-MUG")).Available);
        Assert.Empty((await table.ReadAsync("SKU-MUG")).Reservations);
    }

    [Fact]
    public async Task HandleAsync_UnknownSku_ReturnsOutOfStockNamingIt()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        var function = new Function(table.Name, dynalite.Client);

        var response = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 1), ("SKU-NOPE", 1));

        Assert.Equal(InventoryStatus.OutOfStock, response.Status);
        Assert.Equal(["SKU-NOPE"], response.UnavailableSkus);
        Assert.Equal(10, (await table.ReadAsync("SKU-MUG")).Available);
        Assert.Single(await table.ScanAsync());
    }

    [Theory]
    [InlineData(5, InventoryStatus.Reserved, 0)]
    [InlineData(4, InventoryStatus.OutOfStock, 4)]
    public async Task HandleAsync_SameSkuOnTwoLines_ReservesTheirSum(int stock, string expectedStatus, int expectedAvailable)
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", stock);
        var function = new Function(table.Name, dynalite.Client);

        var response = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 2), ("SKU-MUG", 3));

        Assert.Equal(expectedStatus, response.Status);
        var level = await table.ReadAsync("SKU-MUG");
        Assert.Equal(expectedAvailable, level.Available);
        Assert.Equal(stock - expectedAvailable, level.Reserved);
    }

    [Fact]
    public async Task HandleAsync_ItemSeededWithoutReservationsMap_Reserves()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 3, withReservationsMap: false);
        var function = new Function(table.Name, dynalite.Client);

        var response = await ReserveAsync(function, "ORD-1", ("SKU-MUG", 3));

        Assert.Equal(InventoryStatus.Reserved, response.Status);
        Assert.Equal(new StockLevel(0, new Dictionary<string, int> { ["ORD-1"] = 3 }), await table.ReadAsync("SKU-MUG"), StockComparer.Instance);
    }

    [Theory]
    [InlineData("not json", "is not valid JSON at $")]
    [InlineData("", "is not valid JSON")]
    [InlineData("null", "must be a JSON object")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":"two","unitPrice":1}]}""", "at $.items[0].quantity")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":1.5,"unitPrice":1}]}""", "at $.items[0].quantity")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":1},{"sku":"SKU-MUG","quantity":0,"unitPrice":1}]}""", "items[1].quantity must be a positive integer (got 0)")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":-3,"unitPrice":1}]}""", "items[0].quantity must be a positive integer (got -3)")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[{"sku":" ","quantity":1,"unitPrice":1}]}""", "items[0].sku is required")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[null]}""", "items[0] must be an object")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1","items":[]}""", "items must contain at least one line")]
    [InlineData("""{"action":"reserve","orderId":"ORD-1"}""", "items must contain at least one line")]
    [InlineData("""{"action":"reserve","items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":1}]}""", "orderId is required")]
    [InlineData("""{"orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":1}]}""", "action is required")]
    [InlineData("""{"action":"hold","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":1}]}""", "action 'hold' is not supported")]
    [InlineData("""{"action":"release","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":2147483647,"unitPrice":1},{"sku":"SKU-MUG","quantity":1,"unitPrice":1}]}""", "add up to 2147483648 units")]
    public async Task HandleAsync_BadInput_ThrowsInvalidRequestAndWritesNothing(string json, string expectedMessage)
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 10);
        var before = await table.ScanAsync();
        var function = new Function(table.Name, dynalite.Client);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => function.HandleAsync(JsonStreams.From(json)));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        var after = await table.ScanAsync();
        Assert.Equal(JsonSerializer.Serialize(before.Select(Describe)), JsonSerializer.Serialize(after.Select(Describe)));
        Assert.Equal(10, (await table.ReadAsync("SKU-MUG")).Available);
        Assert.Empty((await table.ReadAsync("SKU-MUG")).Reservations);
    }

    internal static async Task<InventoryResponse> ReserveAsync(Function function, string orderId, params (string Sku, int Quantity)[] lines) =>
        await InvokeAsync(function, Request(InventoryActions.Reserve, orderId, lines));

    internal static string Request(string action, string orderId, params (string Sku, int Quantity)[] lines) =>
        JsonSerializer.Serialize(
            new InventoryRequest(action, orderId, [.. lines.Select(line => new OrderItem(line.Sku, line.Quantity, 1.25m))]),
            ContractsJsonContext.Default.InventoryRequest);

    internal static async Task<InventoryResponse> InvokeAsync(Function function, string json)
    {
        var output = await function.HandleAsync(JsonStreams.From(json));
        var text = await JsonStreams.ReadAllAsync(output);
        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.InventoryResponse)
            ?? throw new InvalidOperationException($"handler answered {text}");
    }

    private static string Describe(Dictionary<string, Amazon.DynamoDBv2.Model.AttributeValue> item) =>
        string.Join(",", item.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value.S}{pair.Value.N}{pair.Value.M?.Count}"));
}
