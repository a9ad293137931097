using System.Text.Json;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Notification.Tests;

/// <summary>The public constructor Lambda calls: configuration from the environment, as the stack and the local cloud set it.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class NotificationCompositionRootTests(DynaliteFixture dynalite)
{
    [Fact]
    public async Task Function_LocalEndpointAndTableInEnvironment_WritesToThatOutbox()
    {
        var table = await dynalite.CreateNotificationsTableAsync();
        const string notify = """
            {"kind":"CANCELLED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,
             "items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}],"reason":"OUT_OF_STOCK"}
            """;

        string answer;
        using (EnvironmentScope.ForLocalEndpoint(dynalite, EnvironmentVariables.NotificationsTable, table))
        {
            answer = await JsonStreams.ReadAllAsync(await new Function().HandleAsync(JsonStreams.From(notify)));
        }

        var response = JsonSerializer.Deserialize(answer, ContractsJsonContext.Default.NotificationResponse);
        Assert.Equal(new NotificationResponse("ORD-1", NotificationKinds.Cancelled, NotificationStatus.Sent, "Your order ORD-1 has been cancelled"), response);
        Assert.Single(await dynalite.ScanAllAsync(table));
    }

    [Fact]
    public void Function_TableNotInEnvironment_FailsNamingTheVariable()
    {
        using var scope = new EnvironmentScope(new Dictionary<string, string?> { [EnvironmentVariables.NotificationsTable] = null });

        var error = Assert.Throws<InvalidOperationException>(() => new Function());

        Assert.Contains(EnvironmentVariables.NotificationsTable, error.Message, StringComparison.Ordinal);
    }
}
