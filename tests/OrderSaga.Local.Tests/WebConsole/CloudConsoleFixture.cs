using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Testing;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>
/// The local cloud as <c>up</c> starts it (the synthesized stack, real Lambda workers, dynalite, virtual clock), with
/// the console it serves, and orders of every outcome sent as users send them: PutEvents on the bus through the
/// endpoint. Faults are injected around the orders that need them and cleared before the tests look.
/// </summary>
public sealed class CloudConsoleFixture : IAsyncLifetime
{
    public const string Happy = "ORD-1001";
    public const string Declined = "ORD-1002";
    public const string OutOfStock = "ORD-1003";
    public const string Flaky = "ORD-1004";

    /// <summary>The payment function crashes once, on the charge: the catch takes the saga to its compensations.</summary>
    public const string ChargeCrashed = "ORD-1005";

    /// <summary>The payment function crashes on every call: the refund cannot be done, the saga ends CompensationFailed.</summary>
    public const string RefundFails = "ORD-REFUND-FAILS";

    /// <summary>Like <see cref="RefundFails"/>, kept for the test that redrives it.</summary>
    public const string ToRedrive = "ORD-REDRIVE";

    /// <summary>The customer of the Order Created without an order id, which lands in the rejected-orders queue.</summary>
    public const string NamelessCustomer = "CUST-NAMELESS";

    /// <summary>Stock put for the tables page, so the inventory table has more than one page.</summary>
    public const int ExtraSkus = 30;

    public const string SeededSku = "SKU-RED-MUG";

    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(3);

    private readonly StringBuilder log = new();
    private ConsoleBrowser? browser;

    /// <summary>Every order the fixture sent, as (order id, its executions' status). The duplicate of <see cref="Happy"/> adds a second execution.</summary>
    internal static readonly (string OrderId, string Outcome)[] Orders =
    [
        (Happy, "SUCCEEDED"), (Declined, "FAILED"), (OutOfStock, "FAILED"), (Flaky, "SUCCEEDED"),
        (ChargeCrashed, "FAILED"), (RefundFails, "FAILED"), (ToRedrive, "FAILED"),
    ];

    /// <summary>Every execution the orders started: one per order, plus the redelivered <see cref="Happy"/>.</summary>
    internal static int ExecutionCount => Orders.Length + 1;

    internal LocalCloud Cloud { get; private set; } = null!;

    private HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public string BaseUrl => Cloud.Endpoint.ToString().TrimEnd('/');

    internal DeployedStateMachine Saga => Cloud.StepFunctions.StateMachines.Single();

    internal string PaymentFunction => Cloud.Stack.Functions.Single(f => f.LogicalId.StartsWith("PaymentFunction", StringComparison.Ordinal)).Name;

    internal string OrdersTable => TableName("OrdersTable");

    internal string InventoryTable => TableName("InventoryTable");

    internal string QueueName(string logicalIdPrefix) => Cloud.Stack.Queues.Single(q => q.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal)).Name;

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await DisposeAsync();
            // What the cloud printed (the synth, the resources it created) is what explains a failed start.
            throw new InvalidOperationException($"The console's local cloud did not start or run its orders: {ex.Message}{Environment.NewLine}{log}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }
        }
        finally
        {
            Http.Dispose();
            if (Cloud is not null)
            {
                await Cloud.DisposeAsync();
            }
        }
    }

    public Task<ConsolePage> OpenAsync(string hash = "#/") => browser!.OpenAsync(BaseUrl, hash);

    /// <summary>The executions whose input (the EventBridge event) is about this order, oldest first.</summary>
    internal IReadOnlyList<Execution> ExecutionsFor(string orderId) =>
        [.. Cloud.StepFunctions.AllExecutions.Where(e => Text(e.Input?["detail"]?["orderId"]) == orderId).OrderBy(e => e.StartDate)];

    internal Execution ExecutionOf(string orderId) => ExecutionsFor(orderId)[0];

    internal string ExecutionArnNamed(string name) => Saga.Arn.Replace(":stateMachine:", ":execution:", StringComparison.Ordinal) + ":" + name;

    /// <summary>Calls an AWS JSON API on the endpoint as the console does; the answer carries its HTTP status as <c>$status</c>.</summary>
    public async Task<JsonObject> CallAsync(string target, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Cloud.Endpoint)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(target.StartsWith("AWSEvents.", StringComparison.Ordinal) ? "application/x-amz-json-1.1" : "application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", target);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text)!.AsObject();
        json["$status"] = (int)response.StatusCode;
        return json;
    }

    public async Task WhenIdleAsync()
    {
        using var limit = new CancellationTokenSource(IdleTimeout);
        try
        {
            await Cloud.WhenIdleAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            var running = Cloud.StepFunctions.AllExecutions.Where(e => e.Status == ExecutionStatus.Running).Select(e => e.Name);
            throw new TimeoutException($"the local cloud was not idle after {IdleTimeout}; running: {string.Join(", ", running)}");
        }
    }

    private async Task StartAsync()
    {
        using (var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
        using (var writer = new StringWriter(log))
        {
            Cloud = await LocalCloud.StartAsync(
                new LocalCloudOptions { Port = 0, VirtualClock = true, Seed = 1, RepositoryRoot = RepositoryPaths.Root, SynthesizeIfStale = true },
                writer,
                limit.Token);
        }

        await RunOrdersAsync();
        browser = await ConsoleBrowser.LaunchAsync();
    }

    private async Task RunOrdersAsync()
    {
        for (var i = 1; i <= ExtraSkus; i++)
        {
            await Cloud.DynamoDb.PutItemAsync(
                InventoryTable,
                new JsonObject
                {
                    ["sku"] = new JsonObject { ["S"] = $"SKU-WEB-{i:00}" },
                    ["available"] = new JsonObject { ["N"] = (i * 3).ToString(CultureInfo.InvariantCulture) },
                },
                CancellationToken.None);
        }

        var nameless = Detail("ORD-UNUSED", "tok_visa", SeededSku);
        nameless.Remove("orderId");
        nameless["customerId"] = NamelessCustomer;
        await PutEventsAsync(
            Detail(Happy, "tok_visa", SeededSku), Detail(Declined, "tok_chargeDeclined", SeededSku),
            Detail(OutOfStock, "tok_visa", "SKU-SOLD-OUT"), Detail(Flaky, "tok_flaky", SeededSku), nameless);
        await WhenIdleAsync();

        // The same Order Created delivered again, once the first has run: RecordOrder's condition stops it at once.
        await PutEventsAsync(Detail(Happy, "tok_visa", SeededSku));
        await WhenIdleAsync();

        // Faults are per function, not per order: each faulted order runs alone.
        Cloud.LambdaFaults.Crash(PaymentFunction, times: 1);
        try
        {
            await PutEventsAsync(Detail(ChargeCrashed, "tok_visa", SeededSku));
            await WhenIdleAsync();
            Cloud.LambdaFaults.Clear(PaymentFunction);
            Cloud.LambdaFaults.Crash(PaymentFunction);
            await PutEventsAsync(Detail(RefundFails, "tok_visa", SeededSku), Detail(ToRedrive, "tok_visa", SeededSku));
            await WhenIdleAsync();
        }
        finally
        {
            Cloud.LambdaFaults.Clear(PaymentFunction);
        }

        var unexpected = Orders.SelectMany(o => ExecutionsFor(o.OrderId).Select(e => (o.OrderId, o.Outcome, e)))
            .Where(x => !string.Equals(x.e.Status.ToString(), x.Outcome, StringComparison.OrdinalIgnoreCase))
            .Select(x => $"{x.OrderId} ended {x.e.Status} ({x.e.Error}), expected {x.Outcome}")
            .ToList();
        if (unexpected.Count > 0 || Cloud.StepFunctions.AllExecutions.Count() != ExecutionCount)
        {
            throw new InvalidOperationException($"the orders did not run as the tests expect: {string.Join("; ", unexpected)}; {Cloud.StepFunctions.AllExecutions.Count()} executions, expected {ExecutionCount}");
        }
    }

    private async Task PutEventsAsync(params JsonObject[] details)
    {
        var bus = Cloud.Stack.EventBuses.Single().Name;
        var entries = new JsonArray();
        foreach (var detail in details)
        {
            entries.Add(new JsonObject { ["EventBusName"] = bus, ["Source"] = "ordersaga.orders", ["DetailType"] = "Order Created", ["Detail"] = detail.ToJsonString() });
        }

        var answer = await CallAsync("AWSEvents.PutEvents", new JsonObject { ["Entries"] = entries });
        if ((int)answer["$status"]! != 200 || answer["FailedEntryCount"]?.GetValue<int>() != 0)
        {
            throw new InvalidOperationException($"PutEvents refused the orders: {answer.ToJsonString()}");
        }
    }

    private static JsonObject Detail(string orderId, string token, string sku) => new()
    {
        ["orderId"] = orderId,
        ["customerId"] = "CUST-42",
        ["customerEmail"] = "ada@example.com",
        ["currency"] = "USD",
        ["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 2, ["unitPrice"] = 12.5 }),
        ["totalAmount"] = 25.0,
        ["payment"] = new JsonObject { ["method"] = "card", ["token"] = token },
    };

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private string TableName(string logicalIdPrefix) =>
        Cloud.Stack.Tables.Single(t => t.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal)).Name;
}
