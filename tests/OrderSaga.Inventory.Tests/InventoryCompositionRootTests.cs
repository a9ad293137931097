using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Inventory.Tests;

/// <summary>The public constructor Lambda calls: configuration from the environment, as the stack and the local cloud set it.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class InventoryCompositionRootTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Function_LocalEndpointAndTableInEnvironment_ReservesInThatTable()
    {
        var table = await InventoryTable.CreateAsync(dynalite);
        await table.SeedAsync("SKU-MUG", 2);

        using (EnvironmentScope.ForLocalEndpoint(dynalite, EnvironmentVariables.InventoryTable, table.Name))
        {
            var response = await InventoryFunctionTests.ReserveAsync(new Function(), "ORD-1", ("SKU-MUG", 2));

            Assert.Equal(InventoryStatus.Reserved, response.Status);
        }

        Assert.Equal(0, (await table.ReadAsync("SKU-MUG")).Available);
    }

    [Fact]
    public void Function_TableNotInEnvironment_FailsNamingTheVariable()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { [EnvironmentVariables.InventoryTable] = null });

        var error = Assert.Throws<InvalidOperationException>(() => new Function());

        Assert.Contains(EnvironmentVariables.InventoryTable, error.Message, StringComparison.Ordinal);
    }
}
