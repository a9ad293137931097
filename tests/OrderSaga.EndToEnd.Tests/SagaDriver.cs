using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// Drives the saga as its users do — an "Order Created" event put on the bus through the AWS-compatible endpoint —
/// and reads what came of it: the execution, the table rows, the events on the audit log and the queues.
/// </summary>
internal sealed class SagaDriver(LocalCloud cloud) : IDisposable
{
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(3);

    private readonly HttpClient http = new() { BaseAddress = cloud.Endpoint, Timeout = TimeSpan.FromSeconds(60) };

    public LocalCloud Cloud => cloud;

    public string OrdersTable => TableName("OrdersTable");

    public string InventoryTable => TableName("InventoryTable");

    public string PaymentsTable => TableName("PaymentsTable");

    public string NotificationsTable => TableName("NotificationsTable");

    public string InventoryFunction => FunctionName("InventoryFunction");

    public string PaymentFunction => FunctionName("PaymentFunction");

    public string NotificationFunction => FunctionName("NotificationFunction");

    public static string NewSku(string label) => $"SKU-E2E-{label}-{Guid.NewGuid().ToString("N")[..8]}";

    public static OrderCreated NewOrder(string paymentToken, params OrderItem[] items) => new(
        $"ORD-E2E-{Guid.NewGuid().ToString("N")[..12]}",
        "CUST-E2E",
        "ada@example.com",
        "USD",
        items,
        items.Sum(i => i.Quantity * i.UnitPrice),
        new PaymentDetails("card", paymentToken));

    public static JsonObject DetailOf(OrderCreated order) =>
        JsonSerializer.SerializeToNode(order, ContractsJsonContext.Default.OrderCreated)!.AsObject();

    /// <summary>Puts the stock a test relies on, under a SKU no other test uses.</summary>
    public Task PutStockAsync(string sku, int available) => cloud.DynamoDb.PutItemAsync(
        InventoryTable,
        new JsonObject
        {
            [TableAttributes.Inventory.Sku] = new JsonObject { ["S"] = sku },
            [TableAttributes.Inventory.Available] = Number(available),
        },
        CancellationToken.None);

    /// <summary>Puts each order on the bus as its own PutEvents call, all at once, and waits until the cloud is idle.</summary>
    public async Task PublishAsync(params OrderCreated[] orders)
    {
        await Task.WhenAll(orders.Select(o => PutEventsAsync(DetailOf(o))));
        await WhenIdleAsync();
    }

    /// <summary>Publishes one order, waits, and returns the one execution it started.</summary>
    public async Task<Execution> RunAsync(OrderCreated order)
    {
        await PublishAsync(order);
        var executions = ExecutionsFor(order.OrderId);
        Assert.True(executions.Count == 1, $"expected one execution for {order.OrderId}, found {executions.Count}");
        return executions[0];
    }

    /// <summary>PutEvents through the endpoint, as the AWS CLI sends it; fails the test when an entry is refused.</summary>
    public async Task PutEventsAsync(params JsonObject[] details)
    {
        var bus = cloud.Stack.EventBuses.Single().Name;
        var entries = new JsonArray();
        foreach (var detail in details)
        {
            entries.Add(new JsonObject
            {
                ["EventBusName"] = bus,
                ["Source"] = EventNames.OrdersSource,
                ["DetailType"] = EventNames.OrderCreated,
                ["Detail"] = detail.ToJsonString(),
            });
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSEvents.PutEvents");
        request.Content = new StringContent(new JsonObject { ["Entries"] = entries }.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"PutEvents answered {(int)response.StatusCode}: {text}");
        var failed = JsonNode.Parse(text)?["FailedEntryCount"]?.GetValue<int>();
        Assert.True(failed == 0, $"PutEvents refused entries: {text}");
    }

    public async Task WhenIdleAsync()
    {
        using var limit = new CancellationTokenSource(IdleTimeout);
        try
        {
            await cloud.WhenIdleAsync(limit.Token);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            var running = cloud.StepFunctions.AllExecutions.Where(e => e.Status == ExecutionStatus.Running)
                .Select(e => $"{e.Name} at {(StatesEntered(e) is [.., var last] ? last : "start")}");
            throw new TimeoutException($"the local cloud was not idle after {IdleTimeout}; running: {string.Join(", ", running)}");
        }
    }

    /// <summary>Every execution whose input (the EventBridge event) is about this order, oldest first.</summary>
    public IReadOnlyList<Execution> ExecutionsFor(string orderId) =>
        [.. cloud.StepFunctions.AllExecutions.Where(e => Text(e.Input?["detail"]?[TableAttributes.Orders.OrderId]) == orderId).OrderBy(e => e.StartDate)];

    public IReadOnlyList<Execution> ExecutionsWhere(Func<JsonNode?, bool> detail) =>
        [.. cloud.StepFunctions.AllExecutions.Where(e => detail(e.Input?["detail"]))];

    /// <summary>The names of the states the execution entered, in order, from its history.</summary>
    public static IReadOnlyList<string> StatesEntered(Execution execution) =>
        [.. execution.History.Where(h => h.DetailsName == "stateEnteredEventDetails").Select(h => Text(h.Details?["name"]) ?? "?")];

    /// <summary>How many times the Task state scheduled its task: 1 plus its retries.</summary>
    public static int TaskAttempts(Execution execution, string state) => EventsInState(execution, state, "TaskScheduled").Count;

    /// <summary>The errors of the state's failed or timed-out task attempts, in order.</summary>
    public static IReadOnlyList<string> TaskErrors(Execution execution, string state) =>
        [.. EventsInState(execution, state, "TaskFailed", "TaskTimedOut").Select(h => Text(h.Details?["error"]) ?? "?")];

    /// <summary>The output the state passed on when it last exited.</summary>
    public static JsonNode? StateOutput(Execution execution, string state) =>
        execution.History.LastOrDefault(h => h.DetailsName == "stateExitedEventDetails" && Text(h.Details?["name"]) == state)?.Payload;

    public Task<JsonObject?> OrderAsync(string orderId) =>
        cloud.DynamoDb.GetItemAsync(OrdersTable, Key(TableAttributes.Orders.OrderId, orderId), CancellationToken.None);

    public Task<JsonObject?> InventoryAsync(string sku) =>
        cloud.DynamoDb.GetItemAsync(InventoryTable, Key(TableAttributes.Inventory.Sku, sku), CancellationToken.None);

    public Task<JsonObject?> PaymentAsync(string orderId) =>
        cloud.DynamoDb.GetItemAsync(PaymentsTable, Key(TableAttributes.Payments.OrderId, orderId), CancellationToken.None);

    /// <summary>The outbox rows of the order, by kind.</summary>
    public async Task<IReadOnlyDictionary<string, JsonObject>> NotificationsAsync(string orderId)
    {
        var response = await cloud.DynamoDb.SendAsync(
            "Query",
            new JsonObject
            {
                ["TableName"] = NotificationsTable,
                ["KeyConditionExpression"] = "#orderId = :orderId",
                ["ExpressionAttributeNames"] = new JsonObject { ["#orderId"] = TableAttributes.Notifications.OrderId },
                ["ExpressionAttributeValues"] = new JsonObject { [":orderId"] = new JsonObject { ["S"] = orderId } },
                ["ConsistentRead"] = true,
            },
            CancellationToken.None);
        return response["Items"]!.AsArray().Select(i => i!.AsObject())
            .ToDictionary(i => String(i, TableAttributes.Notifications.Kind)!, i => i, StringComparer.Ordinal);
    }

    /// <summary>"source / detail-type" of every event on the audit log group about this order, in the order written.</summary>
    public IReadOnlyList<string> AuditTrail(string orderId) =>
        [.. AuditEvents().Where(e => Text(e["detail"]?[TableAttributes.Orders.OrderId]) == orderId).Select(e => $"{Text(e["source"])} / {Text(e["detail-type"])}")];

    public IReadOnlyList<JsonObject> AuditEvents()
    {
        var name = cloud.Stack.LogGroups.Single(g => g.LogicalId.StartsWith("AuditLogGroup", StringComparison.Ordinal)).Name;
        Assert.True(cloud.EventBridge.Logs.TryGet(name, out var group), $"the audit log group {name} does not exist");
        return [.. group.Events.Select(e => JsonNode.Parse(e.Message)!.AsObject())];
    }

    /// <summary>The bodies (events) of the messages waiting in a queue of the stack, by the queue's logical id prefix.</summary>
    public IReadOnlyList<JsonObject> QueueEvents(string logicalIdPrefix)
    {
        var queue = cloud.Stack.Queues.Single(q => q.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal));
        return [.. cloud.Sqs.Get(queue.Name).Peek().Select(m => JsonNode.Parse(m.Body)!.AsObject())];
    }

    public IReadOnlyList<JsonObject> QueueEventsFor(string logicalIdPrefix, string orderId) =>
        [.. QueueEvents(logicalIdPrefix).Where(e => Text(e["detail"]?[TableAttributes.Orders.OrderId]) == orderId)];

    public static string? String(JsonObject? item, string attribute) => Text(item?[attribute]?["S"]);

    public static decimal? Decimal(JsonObject? item, string attribute) =>
        Text(item?[attribute]?["N"]) is { } n ? decimal.Parse(n, NumberStyles.Number, CultureInfo.InvariantCulture) : null;

    /// <summary>The order ids holding units of an inventory item (its reservations map), with the units each holds.</summary>
    public static IReadOnlyDictionary<string, decimal> Reservations(JsonObject? item) =>
        (item?[TableAttributes.Inventory.Reservations]?["M"] as JsonObject ?? [])
            .ToDictionary(p => p.Key, p => decimal.Parse(Text(p.Value?["N"]) ?? "NaN", NumberStyles.Number, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    public static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    public void Dispose() => http.Dispose();

    private static JsonObject Number(decimal value) => new() { ["N"] = value.ToString(CultureInfo.InvariantCulture) };

    private static JsonObject Key(string attribute, string value) => new() { [attribute] = new JsonObject { ["S"] = value } };

    private static List<HistoryEvent> EventsInState(Execution execution, string state, params string[] types)
    {
        var found = new List<HistoryEvent>();
        string? current = null;
        foreach (var e in execution.History)
        {
            if (e.DetailsName == "stateEnteredEventDetails")
            {
                current = Text(e.Details?["name"]);
            }
            else if (current == state && types.Contains(e.Type))
            {
                found.Add(e);
            }
        }

        return found;
    }

    private string TableName(string logicalIdPrefix) =>
        cloud.Stack.Tables.Single(t => t.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal)).Name;

    private string FunctionName(string logicalIdPrefix) =>
        cloud.Stack.Functions.Single(f => f.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal)).Name;
}
