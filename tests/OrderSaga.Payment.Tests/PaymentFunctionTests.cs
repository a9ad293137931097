using System.Globalization;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Payment.Tests;

/// <summary>The Payment function through its Lambda entry point (JSON stream in, JSON stream out) against dynalite.</summary>
[Collection(DynaliteCollectionDefinition.Name)]
public sealed class PaymentFunctionTests(DynaliteFixture dynalite)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    private readonly CountingPaymentProvider provider = new(new SimulatedPaymentProvider());

    [Fact]
    public async Task HandleAsync_ChargeWithVisa_RecordsChargedPayment()
    {
        var (function, table) = await CreateAsync();

        var response = await InvokeAsync(function, Charge("ORD-1", 25.50m, "tok_visa"));

        Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.Charged, 25.50m, "USD", "sim_ch_ORD-1", null), response);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal(PaymentStatus.Charged, row[TableAttributes.Payments.Status].S);
        Assert.Equal(25.50m, decimal.Parse(row[TableAttributes.Payments.Amount].N, CultureInfo.InvariantCulture));
        Assert.Equal("USD", row[TableAttributes.Payments.Currency].S);
        Assert.Equal("sim_ch_ORD-1", row[TableAttributes.Payments.ProviderReference].S);
        Assert.Equal("1", row[TableAttributes.Payments.Attempts].N);
        Assert.Equal(Now.ToString("O", CultureInfo.InvariantCulture), row[TableAttributes.Payments.CreatedAt].S);
    }

    [Fact]
    public async Task HandleAsync_ChargeTwice_ChargesOnceAndRepeatsTheRecordedResult()
    {
        var (function, table) = await CreateAsync();

        var first = await InvokeAsync(function, Charge("ORD-1", 25m, "tok_mastercard"));
        var second = await InvokeAsync(function, Charge("ORD-1", 25m, "tok_mastercard"));

        Assert.Equal(PaymentStatus.Charged, first.Status);
        Assert.Equal(first, second);
        Assert.Equal(1, provider.Charges);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal("1", row[TableAttributes.Payments.Attempts].N);
    }

    [Fact]
    public async Task HandleAsync_ConcurrentDuplicateCharges_AllAnswerTheOneRecordedCharge()
    {
        var (function, table) = await CreateAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => InvokeAsync(function, Charge("ORD-1", 25m, "tok_visa")))));

        Assert.All(responses, response => Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.Charged, 25m, "USD", "sim_ch_ORD-1", null), response));
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal(PaymentStatus.Charged, row[TableAttributes.Payments.Status].S);
    }

    [Theory]
    [InlineData("tok_chargeDeclined", "card_declined")]
    [InlineData("tok_insufficientFunds", "insufficient_funds")]
    [InlineData("tok_fromAnotherProvider", "unknown_token")]
    public async Task HandleAsync_DeclinedCard_ReturnsDeclinedResultNotAnError(string token, string reason)
    {
        var (function, table) = await CreateAsync();

        var first = await InvokeAsync(function, Charge("ORD-1", 25m, token));
        var second = await InvokeAsync(function, Charge("ORD-1", 25m, token));

        Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.Declined, 25m, "USD", null, reason), first);
        Assert.Equal(first, second);
        Assert.Equal(1, provider.Charges);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal(PaymentStatus.Declined, row[TableAttributes.Payments.Status].S);
        Assert.Equal(reason, row[TableAttributes.Payments.DeclineReason].S);
    }

    [Fact]
    public async Task HandleAsync_FlakyToken_FailsTransientlyTwiceThenCharges()
    {
        var (function, table) = await CreateAsync();
        var request = Charge("ORD-1", 25m, "tok_flaky");

        // A fresh Function per delivery: the attempt count lives in the table, not in the process.
        await Assert.ThrowsAsync<TransientServiceException>(() => function.HandleAsync(JsonStreams.From(request)));
        var afterFirst = Assert.Single(await dynalite.ScanAllAsync(table));
        await Assert.ThrowsAsync<TransientServiceException>(() => NewFunction(table).HandleAsync(JsonStreams.From(request)));
        var third = await InvokeAsync(NewFunction(table), request);

        Assert.False(afterFirst.ContainsKey(TableAttributes.Payments.Status));
        Assert.Equal("1", afterFirst[TableAttributes.Payments.Attempts].N);
        Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.Charged, 25m, "USD", "sim_ch_ORD-1", null), third);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal("3", row[TableAttributes.Payments.Attempts].N);
        Assert.Equal(3, provider.Charges);
    }

    [Fact]
    public async Task HandleAsync_ChargeOfAnotherAmountForRecordedOrder_ThrowsInvalidRequestAndKeepsTheRecord()
    {
        var (function, table) = await CreateAsync();
        await InvokeAsync(function, Charge("ORD-1", 25m, "tok_visa"));
        var before = Describe(await dynalite.ScanAllAsync(table));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => function.HandleAsync(JsonStreams.From(Charge("ORD-1", 30m, "tok_visa"))));

        Assert.Contains("amount 30 USD differs from the 25 USD already recorded for order ORD-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, Describe(await dynalite.ScanAllAsync(table)));
        Assert.Equal(1, provider.Charges);
    }

    [Fact]
    public async Task HandleAsync_RefundTwice_RefundsTheRecordedAmountOnce()
    {
        var (function, table) = await CreateAsync();
        await InvokeAsync(function, Charge("ORD-1", 42.10m, "tok_visa"));

        // The refund request's amount is not trusted: the recorded charge is what goes back.
        var first = await InvokeAsync(function, Refund("ORD-1", 99m));
        var second = await InvokeAsync(function, Refund("ORD-1", 99m));

        Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.Refunded, 42.10m, "USD", "sim_ch_ORD-1", null), first);
        Assert.Equal(first, second);
        Assert.Equal(1, provider.Refunds);
        var row = Assert.Single(await dynalite.ScanAllAsync(table));
        Assert.Equal(PaymentStatus.Refunded, row[TableAttributes.Payments.Status].S);
        Assert.Equal("sim_re_ORD-1", row[TableAttributes.Payments.RefundReference].S);
        Assert.Equal(42.10m, decimal.Parse(row[TableAttributes.Payments.Amount].N, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task HandleAsync_ChargeAfterRefund_DoesNotChargeAgain()
    {
        var (function, _) = await CreateAsync();
        await InvokeAsync(function, Charge("ORD-1", 25m, "tok_visa"));
        await InvokeAsync(function, Refund("ORD-1", 25m));

        var response = await InvokeAsync(function, Charge("ORD-1", 25m, "tok_visa"));

        Assert.Equal(PaymentStatus.Refunded, response.Status);
        Assert.Equal(1, provider.Charges);
    }

    [Fact]
    public async Task HandleAsync_RefundOfOrderNeverCharged_ReturnsNotChargedAndWritesNothing()
    {
        var (function, table) = await CreateAsync();

        var response = await InvokeAsync(function, Refund("ORD-NEVER", 25m));

        Assert.Equal(new PaymentResponse("ORD-NEVER", PaymentStatus.NotCharged, 0m, "USD", null, null), response);
        Assert.Empty(await dynalite.ScanAllAsync(table));
        Assert.Equal(0, provider.Refunds);
    }

    [Fact]
    public async Task HandleAsync_RefundOfDeclinedOrder_ReturnsNotChargedAndKeepsTheRecord()
    {
        var (function, table) = await CreateAsync();
        await InvokeAsync(function, Charge("ORD-1", 25m, "tok_chargeDeclined"));
        var before = Describe(await dynalite.ScanAllAsync(table));

        var response = await InvokeAsync(function, Refund("ORD-1", 25m));

        Assert.Equal(new PaymentResponse("ORD-1", PaymentStatus.NotCharged, 0m, "USD", null, "card_declined"), response);
        Assert.Equal(before, Describe(await dynalite.ScanAllAsync(table)));
        Assert.Equal(0, provider.Refunds);
    }

    [Theory]
    [InlineData("{", "is not valid JSON")]
    [InlineData("[]", "is not valid JSON at $")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":"25","currency":"USD","payment":{"method":"card","token":"tok_visa"}}""", "at $.amount")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":-5,"currency":"USD","payment":{"method":"card","token":"tok_visa"}}""", "amount must be greater than 0 (got -5)")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","currency":"USD","payment":{"method":"card","token":"tok_visa"}}""", "amount must be greater than 0 (got 0)")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":25,"currency":"usd","payment":{"method":"card","token":"tok_visa"}}""", "currency must be a 3-letter ISO 4217 code such as USD (got 'usd')")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":25,"payment":{"method":"card","token":"tok_visa"}}""", "currency must be a 3-letter ISO 4217 code such as USD (got nothing)")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":25,"currency":"USD"}""", "payment is required to charge")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":25,"currency":"USD","payment":{"method":"card","token":""}}""", "payment.token is required")]
    [InlineData("""{"action":"charge","orderId":"ORD-1","amount":25,"currency":"USD","payment":{"token":"tok_visa"}}""", "payment.method is required")]
    [InlineData("""{"action":"charge","amount":25,"currency":"USD","payment":{"method":"card","token":"tok_visa"}}""", "orderId is required")]
    [InlineData("""{"action":"capture","orderId":"ORD-1","amount":25,"currency":"USD","payment":{"method":"card","token":"tok_visa"}}""", "action 'capture' is not supported")]
    [InlineData("""{"action":"refund","orderId":"ORD-1","amount":-1,"currency":"USD"}""", "amount must be greater than 0 (got -1)")]
    public async Task HandleAsync_BadInput_ThrowsInvalidRequestAndWritesNothing(string json, string expectedMessage)
    {
        var (function, table) = await CreateAsync();

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => function.HandleAsync(JsonStreams.From(json)));

        Assert.Contains(expectedMessage, error.Message, StringComparison.Ordinal);
        Assert.Empty(await dynalite.ScanAllAsync(table));
        Assert.Equal(0, provider.Charges);
    }

    private async Task<(Function Function, string Table)> CreateAsync()
    {
        var table = await dynalite.CreatePaymentsTableAsync();
        return (NewFunction(table), table);
    }

    private Function NewFunction(string table) => new(table, dynalite.Client, provider, new FixedTimeProvider(Now));

    private static string Charge(string orderId, decimal amount, string token) =>
        JsonSerializer.Serialize(
            new PaymentRequest(PaymentActions.Charge, orderId, amount, "USD", new PaymentDetails("card", token)),
            ContractsJsonContext.Default.PaymentRequest);

    private static string Refund(string orderId, decimal amount) =>
        JsonSerializer.Serialize(
            new PaymentRequest(PaymentActions.Refund, orderId, amount, "USD", null),
            ContractsJsonContext.Default.PaymentRequest);

    private static async Task<PaymentResponse> InvokeAsync(Function function, string json)
    {
        var output = await function.HandleAsync(JsonStreams.From(json));
        var text = await JsonStreams.ReadAllAsync(output);
        return JsonSerializer.Deserialize(text, ContractsJsonContext.Default.PaymentResponse)
            ?? throw new InvalidOperationException($"handler answered {text}");
    }

    private static string Describe(IReadOnlyList<Dictionary<string, AttributeValue>> items) =>
        string.Join("\n", items.Select(item => string.Join(",", item.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value.S}{pair.Value.N}"))));
}
