using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;

namespace OrderSaga.Local.Cli;

/// <summary>
/// Reads what a chaos run left through the AWS-compatible endpoint only, as any client could: table scans, Step
/// Functions List/Describe/GetExecutionHistory, and the queues (received with a long visibility timeout and made
/// visible again, so they are left as found).
/// </summary>
internal sealed class ChaosCollector(EndpointClient client, ChaosResources resources, ChaosPlan plan)
{
    private const int ReadParallelism = 8;

    /// <summary>Execution ARN → (event id, order id) of the run's executions; filled as they appear, never described twice.</summary>
    private readonly Dictionary<string, (string? EventId, string? OrderId)> known = new(StringComparer.Ordinal);
    private readonly HashSet<string> foreign = new(StringComparer.Ordinal);

    public ChaosResources Resources => resources;

    /// <summary>The run's executions and their current status (RUNNING, SUCCEEDED, ...).</summary>
    public async Task<List<(string Arn, string Status, string? EventId, string? OrderId)>> ListExecutionsAsync(IReadOnlySet<string> sentEventIds, CancellationToken ct)
    {
        var listed = await client.StepFunctionsListAllAsync("ListExecutions", new JsonObject { ["stateMachineArn"] = resources.StateMachineArn, ["maxResults"] = 1000 }, "executions", ct);
        var fresh = listed.Select(e => ExecutionQueries.Text(e, "executionArn")!).Where(a => !known.ContainsKey(a) && !foreign.Contains(a)).ToList();
        var described = new System.Collections.Concurrent.ConcurrentBag<(string Arn, string? EventId, string? OrderId)>();
        await Parallel.ForEachAsync(fresh, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = ct }, async (arn, token) =>
        {
            var description = await client.StepFunctionsAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn }, token);
            var (eventId, orderId) = EventOf(ExecutionQueries.Text(description, "input"));
            described.Add((arn, eventId, orderId));
        });
        foreach (var (arn, eventId, orderId) in described)
        {
            if ((eventId is not null && sentEventIds.Contains(eventId)) || orderId?.StartsWith(plan.OrderIdPrefix, StringComparison.Ordinal) == true)
            {
                known[arn] = (eventId, orderId);
            }
            else
            {
                foreign.Add(arn);
            }
        }

        return [.. listed.Select(e => (Arn: ExecutionQueries.Text(e, "executionArn")!, Status: ExecutionQueries.Text(e, "status") ?? "?"))
            .Where(e => known.ContainsKey(e.Arn))
            .Select(e => (e.Arn, e.Status, known[e.Arn].EventId, known[e.Arn].OrderId))];
    }

    public async Task<ChaosSnapshot> CollectAsync(IReadOnlyList<ChaosSentEvent> sent, IReadOnlyDictionary<string, int> startStock, CancellationToken ct)
    {
        var sentIds = sent.Where(s => s.EventId is not null).Select(s => s.EventId!).ToHashSet(StringComparer.Ordinal);
        var listed = await ListExecutionsAsync(sentIds, ct);
        var executions = new System.Collections.Concurrent.ConcurrentBag<ChaosExecution>();
        await Parallel.ForEachAsync(listed, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = ct }, async (e, token) =>
        {
            var description = await client.StepFunctionsAsync("DescribeExecution", new JsonObject { ["executionArn"] = e.Arn }, token);
            var history = await client.StepFunctionsListAllAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = e.Arn, ["maxResults"] = 1000 }, "events", token);
            var (states, charged) = ReadHistory(history);
            executions.Add(new ChaosExecution(
                e.Arn,
                e.EventId,
                e.OrderId,
                ExecutionQueries.Text(description, "status") ?? e.Status,
                ExecutionQueries.Text(description, "error"),
                ExecutionQueries.Text(description, "cause"),
                states,
                charged));
        });

        var orderRows = new Dictionary<string, ChaosOrderRow>(StringComparer.Ordinal);
        foreach (var item in await ScanAsync(resources.OrdersTable, TableAttributes.Orders.OrderId, plan.OrderIdPrefix, ct))
        {
            orderRows[Text(item, TableAttributes.Orders.OrderId)!] = new ChaosOrderRow(Text(item, TableAttributes.Orders.Status), Text(item, TableAttributes.Orders.Reason));
        }

        var payments = (await ScanAsync(resources.PaymentsTable, TableAttributes.Payments.OrderId, plan.OrderIdPrefix, ct))
            .Select(i => new ChaosPaymentRow(Text(i, TableAttributes.Payments.OrderId)!, Text(i, TableAttributes.Payments.Status), Number(i, TableAttributes.Payments.Amount) ?? 0m))
            .ToList();
        var inventory = await ReadInventoryAsync(ct);

        return new ChaosSnapshot(
            plan.Orders,
            sent,
            startStock,
            inventory,
            orderRows,
            payments,
            [.. executions.OrderBy(e => e.Arn, StringComparer.Ordinal)],
            await PeekAsync(resources.RejectedQueueUrl, ct),
            await PeekAsync(resources.DeadLetterQueueUrl, ct),
            await PeekAsync(resources.AlertsQueueUrl, ct));
    }

    /// <summary>The run's SKUs: units available and each order's reservation.</summary>
    public async Task<Dictionary<string, ChaosInventoryRow>> ReadInventoryAsync(CancellationToken ct)
    {
        var inventory = new Dictionary<string, ChaosInventoryRow>(StringComparer.Ordinal);
        foreach (var item in await ScanAsync(resources.InventoryTable, TableAttributes.Inventory.Sku, plan.SkuPrefix, ct))
        {
            var reservations = (item[TableAttributes.Inventory.Reservations]?["M"] as JsonObject ?? [])
                .ToDictionary(r => r.Key, r => ParseNumber(r.Value?["N"]) ?? 0m, StringComparer.Ordinal);
            inventory[Text(item, TableAttributes.Inventory.Sku)!] = new ChaosInventoryRow(Number(item, TableAttributes.Inventory.Available) ?? 0m, reservations);
        }

        return inventory;
    }

    /// <summary>Messages of a queue without consuming them: received with a long visibility timeout, then made visible again.</summary>
    public async Task<List<ChaosQueuedEvent>> PeekAsync(string queueUrl, CancellationToken ct)
    {
        var seen = new Dictionary<string, (string Body, string Handle)>(StringComparer.Ordinal);
        while (true)
        {
            var response = await client.SqsAsync(
                "ReceiveMessage",
                new JsonObject { ["QueueUrl"] = queueUrl, ["MaxNumberOfMessages"] = 10, ["VisibilityTimeout"] = 43_200, ["WaitTimeSeconds"] = 0 },
                ct);
            var messages = response["Messages"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
            var added = 0;
            foreach (var message in messages)
            {
                if (seen.TryAdd(ExecutionQueries.Text(message, "MessageId")!, (ExecutionQueries.Text(message, "Body") ?? string.Empty, ExecutionQueries.Text(message, "ReceiptHandle")!)))
                {
                    added++;
                }
            }

            // A message seen twice means the (virtual) clock ran past the visibility timeout: everything has been seen.
            if (added == 0)
            {
                break;
            }
        }

        foreach (var (_, handle) in seen.Values)
        {
            await client.SqsAsync("ChangeMessageVisibility", new JsonObject { ["QueueUrl"] = queueUrl, ["ReceiptHandle"] = handle, ["VisibilityTimeout"] = 0 }, ct);
        }

        return [.. seen.Values.Select(m => QueuedEvent(m.Body))];
    }

    /// <summary>Every item of a table whose key starts with the prefix: the run's own rows.</summary>
    public async Task<List<JsonObject>> ScanAsync(string table, string keyAttribute, string prefix, CancellationToken ct)
    {
        var items = new List<JsonObject>();
        JsonNode? startKey = null;
        do
        {
            var request = new JsonObject { ["TableName"] = table, ["ConsistentRead"] = true };
            if (startKey is not null)
            {
                request["ExclusiveStartKey"] = startKey.DeepClone();
            }

            var page = await client.DynamoDbAsync("Scan", request, ct);
            items.AddRange((page["Items"]?.AsArray().OfType<JsonObject>() ?? []).Where(i => Text(i, keyAttribute)?.StartsWith(prefix, StringComparison.Ordinal) == true));
            startKey = page["LastEvaluatedKey"];
        }
        while (startKey is JsonObject { Count: > 0 });
        return items;
    }

    /// <summary>The states entered, in order, and whether ChargePayment was answered CHARGED.</summary>
    public static (IReadOnlyList<string> States, bool Charged) ReadHistory(IEnumerable<JsonObject> events)
    {
        var states = new List<string>();
        var charged = false;
        foreach (var e in events)
        {
            if (e["stateEnteredEventDetails"] is JsonObject entered)
            {
                states.Add(ExecutionQueries.Text(entered, "name") ?? "?");
            }
            else if (ExecutionQueries.Text(e, "type") == "TaskSucceeded" && states.Count > 0 && states[^1] == SagaStates.ChargePayment
                && e["taskSucceededEventDetails"] is JsonObject succeeded && ExecutionQueries.Text(succeeded, "output") is { } output)
            {
                charged |= ParseJson(output)?["Payload"]?["status"] is JsonValue status && status.TryGetValue<string>(out var text) && text == PaymentStatus.Charged;
            }
        }

        return (states, charged);
    }

    /// <summary>The event id and order id of an execution's input (the whole EventBridge event).</summary>
    public static (string? EventId, string? OrderId) EventOf(string? input) =>
        ParseJson(input) is JsonObject e ? (StringOf(e["id"]), StringOf(e["detail"]?["orderId"])) : (null, null);

    private static ChaosQueuedEvent QueuedEvent(string body) =>
        ParseJson(body) is JsonObject e ? new ChaosQueuedEvent(StringOf(e["id"]), StringOf(e["detail"]?["orderId"])) : new ChaosQueuedEvent(null, null);

    private static JsonNode? ParseJson(string? text)
    {
        try
        {
            return text is null ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string? Text(JsonObject item, string attribute) => StringOf(item[attribute]?["S"]);

    private static decimal? Number(JsonObject item, string attribute) => ParseNumber(item[attribute]?["N"]);

    private static decimal? ParseNumber(JsonNode? node) =>
        StringOf(node) is { } n && decimal.TryParse(n, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) ? value : null;
}
