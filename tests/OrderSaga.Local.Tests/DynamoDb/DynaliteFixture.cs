using OrderSaga.Local.DynamoDb;
using OrderSaga.Testing;

namespace OrderSaga.Local.Tests.DynamoDb;

/// <summary>One in-memory dynalite for the class's tests.</summary>
public sealed class DynaliteFixture : IAsyncLifetime
{
    internal DynaliteServer Server { get; private set; } = null!;

    internal DynamoDbJsonClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await DynaliteServer.StartAsync(DynaliteOptions.ForRepository(RepositoryPaths.Root));
        Client = new DynamoDbJsonClient(Server.Endpoint);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
