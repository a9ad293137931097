using System.Net;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderSaga.Local.DynamoDb;
using OrderSaga.Local.Templates;
using OrderSaga.Testing;

namespace OrderSaga.Local.Tests.DynamoDb;

public class DynaliteTests(DynaliteFixture fixture) : IClassFixture<DynaliteFixture>
{
    private DynamoDbJsonClient Client => fixture.Client;

    [Fact]
    public async Task CreateTable_TemplateTableWithIndex_IsActiveAndIdempotent()
    {
        var table = DynamoDbTestTables.Create("NotificationsTable", "notifications-create", "orderId", "kind") with
        {
            AttributeDefinitions = [new("orderId", "S"), new("kind", "S"), new("email", "S")],
            GlobalSecondaryIndexes = [new TableIndex("byEmail", [new TableKeyElement("email", "HASH")], "KEYS_ONLY", [])],
        };

        var created = await Client.CreateTableAsync(table, CancellationToken.None);
        var again = await Client.CreateTableAsync(table, CancellationToken.None);
        var description = (await Client.SendAsync("DescribeTable", new JsonObject { ["TableName"] = table.Name }, CancellationToken.None))["Table"]!;

        Assert.True(created);
        Assert.False(again);
        Assert.Equal("ACTIVE", description["TableStatus"]!.GetValue<string>());
        Assert.Equal("kind", description["KeySchema"]![1]!["AttributeName"]!.GetValue<string>());
        Assert.Equal("byEmail", description["GlobalSecondaryIndexes"]![0]!["IndexName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seed_PlainJsonItems_AreStoredAsDynamoDbItems()
    {
        var table = DynamoDbTestTables.Create("InventoryTable8F2A", "inventory-seed", "sku");
        await Client.CreateTableAsync(table, CancellationToken.None);

        var counts = await DynamoDbSeeder.SeedAsync(Client, """
        { "InventoryTable": [
            { "sku": "SKU-RED-MUG", "available": 10, "price": 12.50, "active": true, "tags": ["mug", "red"], "meta": { "origin": null } },
            { "sku": "SKU-BLUE-MUG", "available": 0 }
        ] }
        """, [table], "seed.json", CancellationToken.None);
        var item = await Client.GetItemAsync(table.Name, new JsonObject { ["sku"] = new JsonObject { ["S"] = "SKU-RED-MUG" } }, CancellationToken.None);

        Assert.Equal(2, counts[table.Name]);
        Assert.NotNull(item);
        Assert.Equal("10", item["available"]!["N"]!.GetValue<string>());
        // DynamoDB normalizes numbers, as the real service does.
        Assert.Equal("12.5", item["price"]!["N"]!.GetValue<string>());
        Assert.True(item["active"]!["BOOL"]!.GetValue<bool>());
        Assert.Equal("red", item["tags"]!["L"]![1]!["S"]!.GetValue<string>());
        Assert.True(item["meta"]!["M"]!["origin"]!["NULL"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Seed_BadFile_ReportsEveryProblemAndWritesNothing()
    {
        var table = DynamoDbTestTables.Create("OrdersTable", "orders-seed", "orderId");
        await Client.CreateTableAsync(table, CancellationToken.None);

        var error = await Assert.ThrowsAsync<DynamoDbSeedException>(() => DynamoDbSeeder.SeedAsync(Client, """
        { "OrdersTable": [ { "orderId": "ORD-1" }, { "status": "PENDING" }, "not an item" ], "Unknown": [] }
        """, [table], "seed.json", CancellationToken.None));
        var item = await Client.GetItemAsync(table.Name, new JsonObject { ["orderId"] = new JsonObject { ["S"] = "ORD-1" } }, CancellationToken.None);

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains("$.OrdersTable[1]: missing key attribute 'orderId' of table orders-seed", error.Errors);
        Assert.Contains("$.OrdersTable[2]: an item must be a JSON object", error.Errors);
        Assert.Contains(error.Errors, e => e.StartsWith("$.Unknown: no table is named 'Unknown'", StringComparison.Ordinal));
        Assert.Null(item);
    }

    [Fact]
    public async Task SendAsync_DynamoDbError_CarriesErrorType()
    {
        var error = await Assert.ThrowsAsync<DynamoDbException>(() =>
            Client.GetItemAsync("no-such-table", new JsonObject { ["id"] = new JsonObject { ["S"] = "x" } }, CancellationToken.None));

        Assert.Equal("ResourceNotFoundException", error.ErrorType);
    }

    [Fact]
    public async Task Proxy_AwsSdkThroughMainEndpoint_ReachesDynalite()
    {
        var table = DynamoDbTestTables.Create("PaymentsTable", "payments-proxy", "orderId");
        await Client.CreateTableAsync(table, CancellationToken.None);
        await using var app = await StartProxyAsync(fixture.Server.Endpoint);
        using var sdk = new AmazonDynamoDBClient(
            new BasicAWSCredentials("test", "test"),
            new AmazonDynamoDBConfig { ServiceURL = Address(app).ToString(), AuthenticationRegion = "us-east-1" });

        await sdk.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name,
            Item = new Dictionary<string, AttributeValue> { ["orderId"] = new() { S = "ORD-7" }, ["status"] = new() { S = "CHARGED" } },
        });
        var read = await sdk.GetItemAsync(new GetItemRequest { TableName = table.Name, Key = new Dictionary<string, AttributeValue> { ["orderId"] = new() { S = "ORD-7" } }, ConsistentRead = true });
        var conditional = await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => sdk.PutItemAsync(new PutItemRequest
        {
            TableName = table.Name,
            Item = new Dictionary<string, AttributeValue> { ["orderId"] = new() { S = "ORD-7" } },
            ConditionExpression = "attribute_not_exists(orderId)",
        }));

        Assert.Equal("CHARGED", read.Item["status"].S);
        Assert.Equal(HttpStatusCode.BadRequest, conditional.StatusCode);
    }

    [Fact]
    public async Task Start_WithDataDirectory_KeepsTablesAcrossRestarts()
    {
        var data = Directory.CreateTempSubdirectory("dynalite").FullName;
        var options = DynaliteOptions.ForRepository(RepositoryPaths.Root, data);
        var table = DynamoDbTestTables.Create("T", "persistent", "id");

        await using (var first = await DynaliteServer.StartAsync(options))
        {
            using var client = new DynamoDbJsonClient(first.Endpoint);
            await client.CreateTableAsync(table, CancellationToken.None);
        }

        await using var second = await DynaliteServer.StartAsync(options);
        using var secondClient = new DynamoDbJsonClient(second.Endpoint);
        Assert.Contains("persistent", await secondClient.ListTablesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_StopsTheProcess()
    {
        var server = await DynaliteServer.StartAsync(DynaliteOptions.ForRepository(RepositoryPaths.Root));
        using var client = new DynamoDbJsonClient(server.Endpoint);
        await client.ListTablesAsync(CancellationToken.None);

        await server.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ListTablesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Start_MissingCli_ExplainsHowToInstall()
    {
        var error = await Assert.ThrowsAsync<DynamoDbException>(() => DynaliteServer.StartAsync(new DynaliteOptions { CliPath = "/nowhere/cli.js" }));

        Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartProxyAsync(Uri dynalite)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var http = new HttpClient();
        var proxy = new DynamoDbProxy(http, dynalite);
        app.Run(context => DynamoDbProxy.IsDynamoDbRequest(context.Request) ? proxy.ForwardAsync(context) : Task.CompletedTask);
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
