using System.Globalization;
using System.Text.Json;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Notification.Tests;

/// <summary>The Notification function through its Lambda entry point (JSON stream in, JSON stream out) against dynalite.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class NotificationFunctionTests(DynaliteFixture dynalite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private static readonly NotificationRequest Confirmed = new(
        NotificationKinds.Confirmed,
        "ORD-1",
        "ada@example.com",
        "USD",
        25m,
        [new OrderItem("SKU-RED-MUG", 2, 12.50m)],
        null);

    private readonly FixedTimeProvider clock = new(Now);

    [Fact]
    public async Task HandleAsync_Confirmed_WritesTheRenderedMessageToTheOutbox()
    {
        var (function, table) = await CreateAsync();

        var response = await InvokeAsync(function, Confirmed);

        Assert.Equal(new NotificationResponse("ORD-1", NotificationKinds.Confirmed, NotificationStatus.Sent, "Your order ORD-1 is confirmed"), response);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal("ORD-1", row[TableAttributes.Notifications.OrderId].S);
        Assert.Equal(NotificationKinds.Confirmed, row[TableAttributes.Notifications.Kind].S);
        Assert.Equal("ada@example.com", row[TableAttributes.Notifications.Recipient].S);
        Assert.Equal("Your order ORD-1 is confirmed", row[TableAttributes.Notifications.Subject].S);
        Assert.Contains("2 x SKU-RED-MUG at 12.50 USD = 25.00 USD", row[TableAttributes.Notifications.Body].S, StringComparison.Ordinal);
        Assert.Equal(Now.ToString("O", CultureInfo.InvariantCulture), row[TableAttributes.Notifications.CreatedAt].S);
    }

    [Fact]
    public async Task HandleAsync_SameOrderAndKindTwice_WritesOnceAndAnswersAlreadySent()
    {
        var (function, table) = await CreateAsync();
        await InvokeAsync(function, Confirmed);
        var first = Assert.Single(await dynalite.ScanAllAsync(table));
        clock.Now = Now.AddMinutes(5);

        var second = await InvokeAsync(function, Confirmed with { CustomerEmail = "someone.else@example.com" });

        Assert.Equal(new NotificationResponse("ORD-1", NotificationKinds.Confirmed, NotificationStatus.AlreadySent, "Your order ORD-1 is confirmed"), second);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal("ada@example.com", row[TableAttributes.Notifications.Recipient].S);
        Assert.Equal(first[TableAttributes.Notifications.Body].S, row[TableAttributes.Notifications.Body].S);
        Assert.Equal(Now.ToString("O", CultureInfo.InvariantCulture), row[TableAttributes.Notifications.CreatedAt].S);
    }

    [Fact]
    public async Task HandleAsync_ConfirmedThenCancelled_KeepsOneMessageOfEachKind()
    {
        var (function, table) = await CreateAsync();

        var confirmed = await InvokeAsync(function, Confirmed);
        var cancelled = await InvokeAsync(function, Confirmed with { Kind = NotificationKinds.Cancelled, Reason = CancellationReasons.PaymentDeclined });

        Assert.Equal(NotificationStatus.Sent, confirmed.Status);
        Assert.Equal(NotificationStatus.Sent, cancelled.Status);
        Assert.Equal("Your order ORD-1 has been cancelled", cancelled.Subject);
        var rows = await dynalite.ScanAllAsync(table);
        Assert.Equal(
            [NotificationKinds.Cancelled, NotificationKinds.Confirmed],
            rows.Select(row => row[TableAttributes.Notifications.Kind].S).Order(StringComparer.Ordinal));
        Assert.Contains("the payment was declined", rows.Single(row => row[TableAttributes.Notifications.Kind].S == NotificationKinds.Cancelled)[TableAttributes.Notifications.Body].S, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"kind\":", "is not valid JSON")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":"25","items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "at $.totalAmount")]
    [InlineData("""{"kind":"SHIPPED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "kind 'SHIPPED' is not supported")]
    [InlineData("""{"orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "kind is required")]
    [InlineData("""{"kind":"CANCELLED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "reason is required when kind is CANCELLED")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "orderId is required")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"ORD-1","customerEmail":"ada","currency":"USD","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "customerEmail must be an e-mail address such as ada@example.com (got 'ada')")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"US","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "currency must be a 3-letter ISO 4217 code")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":-25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25}]}""", "totalAmount must be greater than 0 (got -25)")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,"items":[]}""", "items must contain at least one line")]
    [InlineData("""{"kind":"CONFIRMED","orderId":"ORD-1","customerEmail":"ada@example.com","currency":"USD","totalAmount":25,"items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":25},{"sku":"SKU-TEA","quantity":0,"unitPrice":-1}]}""", "items[1].quantity must be a positive integer (got 0); items[1].unitPrice must not be negative (got -1)")]
    public async Task HandleAsync_BadInput_ThrowsInvalidRequestAndWritesNothing(string json, string expectedMessage)
    {
        var (function, table) = await CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => function.HandleAsync(JsonStreams.From(json)));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.Empty(await dynalite.ScanAllAsync(table));
    }

    [Fact]
    public async Task HandleAsync_Throttled_ThrowsTransientServiceException()
    {
        var client = FailingDynamoDb.Create(() => new Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException("slow down"), out _);
        var function = new Function("notifications", client, clock);

        await Assert.ThrowsAsync<TransientServiceException>(() => function.HandleAsync(JsonStreams.From(Serialize(Confirmed))));
    }

    private async Task<(Function Function, string Table)> CreateAsync()
    {
        var table = await dynalite.CreateNotificationsTableAsync();
        return (new Function(table, dynalite.Client, clock), table);
    }

    private static string Serialize(NotificationRequest request) =>
        JsonSerializer.Serialize(request, ContractsJsonContext.Default.NotificationRequest);

    private static async Task<NotificationResponse> InvokeAsync(Function function, NotificationRequest request)
    {
        var output = await function.HandleAsync(JsonStreams.From(Serialize(request)));
        var text = await JsonStreams.ReadAllAsync(output);
        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.NotificationResponse)
            ?? throw new InvalidOperationException($"handler answered {text}");
    }
}
