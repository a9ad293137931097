using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderSaga.Contracts;
using Xunit.Abstractions;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// Durability: <c>up --data-dir</c> killed with SIGKILL while orders are in flight (some retrying a flaky payment, some
/// compensating a declined one) and started again on the same folder. Every execution must resume and end as its order
/// requires, once: no order charged twice, no stock lost or made up, no event, queue message or archived event lost.
/// </summary>
[Collection(CrashRestartGroup.Name)]
public sealed partial class CrashRestartTests(ITestOutputHelper output) : IDisposable
{
    private const int Stock = 100;
    private const int Quantity = 2;
    private const decimal UnitPrice = 12.5m;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly string dataDirectory = Path.Combine(Path.GetTempPath(), "ordersaga-crash-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Up_KilledWhileOrdersRunAndStartedAgain_EveryExecutionResumesAndEndsOnceWithConsistentTables()
    {
        var port = ChildLocalCloud.FreePort();
        var sku = $"SKU-CRASH-{Guid.NewGuid().ToString("N")[..8]}";
        var orders = new List<(OrderCreated Order, bool Confirms)>();
        foreach (var token in new[] { "tok_visa", "tok_flaky", "tok_chargeDeclined", "tok_flaky", "tok_visa", "tok_flaky", "tok_chargeDeclined", "tok_visa", "tok_flaky", "tok_visa" })
        {
            orders.Add((SagaDriver.NewOrder(token, new OrderItem(sku, Quantity, UnitPrice)), token != "tok_chargeDeclined"));
        }

        var malformedMarker = "CRASH-MALFORMED-" + Guid.NewGuid().ToString("N")[..8];
        int archivedBeforeKill;
        await using (var first = await ChildLocalCloud.StartAsync(dataDirectory, port))
        {
            var tables = await TablesAsync(first);
            await first.CallAsync("DynamoDB_20120810.PutItem", new JsonObject
            {
                ["TableName"] = tables.Inventory,
                ["Item"] = new JsonObject
                {
                    [TableAttributes.Inventory.Sku] = new JsonObject { ["S"] = sku },
                    [TableAttributes.Inventory.Available] = new JsonObject { ["N"] = Stock.ToString(CultureInfo.InvariantCulture) },
                },
            });

            // Each answer with an EventId means the event is on disk: those events must not be lost by the kill.
            await Task.WhenAll(orders.Select(o => PutOrderAsync(first, SagaDriver.DetailOf(o.Order))));
            await PutOrderAsync(first, new JsonObject { ["customerId"] = malformedMarker, ["totalAmount"] = 5 });

            // Killed while retries and compensations are under way: at least one execution still running, at least one
            // task attempt already failed (a flaky payment waiting out its backoff, or past it).
            await WaitUntilAsync(first, async () =>
            {
                var executions = await ExecutionsAsync(first);
                Assert.True(executions.Count < orders.Count || executions.Any(e => e.Status == "RUNNING"), "every execution ended before the kill: nothing left to resume");
                return executions.Any(e => e.Status == "RUNNING") && await AnyHistoryHasAsync(first, executions, "TaskFailed");
            }, "an execution running after a failed task attempt");
            archivedBeforeKill = await ArchivedEventCountAsync(first);
            await first.KillAsync();
        }

        var restart = System.Diagnostics.Stopwatch.StartNew();
        await using var second = await ChildLocalCloud.StartAsync(dataDirectory, port);
        output.WriteLine($"restart to /health: {restart.ElapsedMilliseconds} ms");
        var restored = await second.WaitForOutputAsync(RestoredLine(), TimeSpan.FromSeconds(60));
        output.WriteLine(restored.Value);
        Assert.True(restored.Success, $"the restart did not say what it restored:{Environment.NewLine}{second.Output}");
        var inFlight = int.Parse(restored.Groups["resumed"].Value, CultureInfo.InvariantCulture) + int.Parse(restored.Groups["redelivered"].Value, CultureInfo.InvariantCulture);
        Assert.True(inFlight >= 1, $"nothing was in flight when the cloud was killed, so nothing was resumed: {restored.Value}");

        var ids = orders.Select(o => o.Order.OrderId).ToHashSet(StringComparer.Ordinal);
        List<ExecutionInfo> ours = [];
        await WaitUntilAsync(second, async () =>
        {
            ours = [.. (await ExecutionsAsync(second)).Where(e => ids.Contains(e.OrderId))];
            return ours.Select(e => e.OrderId).Distinct().Count() == ids.Count && ours.All(e => e.Status != "RUNNING");
        }, "every order's execution ended");
        output.WriteLine($"every execution ended {restart.ElapsedMilliseconds} ms after the restart began");

        var secondTables = await TablesAsync(second);
        foreach (var (order, confirms) in orders)
        {
            var execution = Assert.Single(ours, e => e.OrderId == order.OrderId);
            var describe = await second.CallAsync("AWSStepFunctions.DescribeExecution", new JsonObject { ["executionArn"] = execution.Arn });
            var history = (await second.CallAsync("AWSStepFunctions.GetExecutionHistory", new JsonObject { ["executionArn"] = execution.Arn, ["maxResults"] = 1000 }))["events"]!.AsArray();
            var path = string.Join(" → ", history.Select(e => Text(e!["type"]) + (Text(e!["stateEnteredEventDetails"]?["name"]) is { } n ? $" {n}" : string.Empty)));
            var why = $"{order.OrderId} ({order.Payment.Token}): {Text(describe["status"])} {Text(describe["error"])} {Text(describe["cause"])}; {path}";
            Assert.True(Text(describe["status"]) == (confirms ? "SUCCEEDED" : "FAILED"), why);
            Assert.Equal(0, describe["redriveCount"]?.GetValue<int>() ?? 0);
            if (!confirms)
            {
                Assert.True(Text(describe["error"]) == ErrorNames.OrderCancelled, why);
            }

            Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(e => e!["id"]!.GetValue<long>()));
            Assert.DoesNotContain(history, e => Text(e!["type"]) == "ExecutionRedriven");
            Assert.Equal(1, history.Count(e => Text(e!["type"]) is "ExecutionSucceeded" or "ExecutionFailed"));

            var row = await GetItemAsync(second, secondTables.Orders, TableAttributes.Orders.OrderId, order.OrderId);
            Assert.Equal(confirms ? OrderStatus.Confirmed : OrderStatus.Cancelled, S(row, TableAttributes.Orders.Status));
            var payment = await GetItemAsync(second, secondTables.Payments, TableAttributes.Payments.OrderId, order.OrderId);
            Assert.Equal(confirms ? PaymentStatus.Charged : PaymentStatus.Declined, S(payment, TableAttributes.Payments.Status));
            if (confirms)
            {
                Assert.Equal(order.TotalAmount, N(payment, TableAttributes.Payments.Amount));
            }
        }

        // Stock conserved: what is gone is exactly what the confirmed orders hold, once each.
        var inventory = await GetItemAsync(second, secondTables.Inventory, TableAttributes.Inventory.Sku, sku);
        var confirmed = orders.Where(o => o.Confirms).Select(o => o.Order.OrderId).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Stock - (Quantity * confirmed.Count), N(inventory, TableAttributes.Inventory.Available));
        var reservations = inventory?[TableAttributes.Inventory.Reservations]?["M"]?.AsObject() ?? [];
        Assert.Equal(confirmed, reservations.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.All(reservations, r => Assert.Equal(Quantity, decimal.Parse(Text(r.Value?["N"])!, CultureInfo.InvariantCulture)));

        // The malformed order's message is still in its queue, and the archive lost nothing archived before the kill.
        var rejected = await QueueUrlAsync(second, "RejectedOrders");
        var received = await second.CallAsync("AmazonSQS.ReceiveMessage", new JsonObject { ["QueueUrl"] = rejected, ["MaxNumberOfMessages"] = 10, ["VisibilityTimeout"] = 0 });
        Assert.Contains(received["Messages"]?.AsArray() ?? [], m => Text(m!["Body"])!.Contains(malformedMarker, StringComparison.Ordinal));
        Assert.True(await ArchivedEventCountAsync(second) >= archivedBeforeKill, "the archive lost events in the restart");
    }

    [Fact]
    public async Task Up_DataDirectoryWithDamagedDatabase_ExitsWithAnErrorNamingTheFile()
    {
        Directory.CreateDirectory(dataDirectory);
        var database = Path.Combine(dataDirectory, "local-cloud.db");
        await File.WriteAllTextAsync(database, "not a database at all");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ChildLocalCloud.StartAsync(dataDirectory, ChildLocalCloud.FreePort()));

        Assert.Contains("up exited with code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up: {database} is not a local cloud database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.Message, StringComparison.Ordinal);
        Assert.Equal("not a database at all", await File.ReadAllTextAsync(database));
    }

    private static async Task PutOrderAsync(ChildLocalCloud cloud, JsonObject detail)
    {
        var response = await cloud.CallAsync("AWSEvents.PutEvents", new JsonObject
        {
            ["Entries"] = new JsonArray(new JsonObject
            {
                ["EventBusName"] = EventNames.DefaultBusName,
                ["Source"] = EventNames.OrdersSource,
                ["DetailType"] = EventNames.OrderCreated,
                ["Detail"] = detail.ToJsonString(),
            }),
        }, "application/x-amz-json-1.1");
        Assert.Equal(0, response["FailedEntryCount"]!.GetValue<int>());
        Assert.NotNull(Text(response["Entries"]![0]!["EventId"]));
    }

    private static async Task WaitUntilAsync(ChildLocalCloud cloud, Func<Task<bool>> condition, string what)
    {
        using var limit = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"not reached within {Patience}: {what}{Environment.NewLine}{cloud.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    private static async Task<List<ExecutionInfo>> ExecutionsAsync(ChildLocalCloud cloud)
    {
        var machines = await cloud.CallAsync("AWSStepFunctions.ListStateMachines", []);
        var machine = Text(machines["stateMachines"]![0]!["stateMachineArn"])!;
        var result = new List<ExecutionInfo>();
        string? token = null;
        do
        {
            var request = new JsonObject { ["stateMachineArn"] = machine, ["maxResults"] = 1000 };
            if (token is not null)
            {
                request["nextToken"] = token;
            }

            var page = await cloud.CallAsync("AWSStepFunctions.ListExecutions", request);
            foreach (var e in page["executions"]!.AsArray())
            {
                var arn = Text(e!["executionArn"])!;
                var describe = await cloud.CallAsync("AWSStepFunctions.DescribeExecution", new JsonObject { ["executionArn"] = arn });
                var input = JsonNode.Parse(Text(describe["input"]) ?? "{}");
                result.Add(new ExecutionInfo(arn, Text(describe["status"])!, Text(input?["detail"]?[TableAttributes.Orders.OrderId]) ?? string.Empty));
            }

            token = Text(page["nextToken"]);
        }
        while (token is not null);
        return result;
    }

    private static async Task<bool> AnyHistoryHasAsync(ChildLocalCloud cloud, IEnumerable<ExecutionInfo> executions, string eventType)
    {
        foreach (var execution in executions)
        {
            var history = await cloud.CallAsync("AWSStepFunctions.GetExecutionHistory", new JsonObject { ["executionArn"] = execution.Arn, ["maxResults"] = 1000 });
            if (history["events"]!.AsArray().Any(e => Text(e!["type"]) == eventType))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<int> ArchivedEventCountAsync(ChildLocalCloud cloud)
    {
        var archives = await cloud.CallAsync("AWSEvents.ListArchives", [], "application/x-amz-json-1.1");
        var name = Text(archives["Archives"]![0]!["ArchiveName"])!;
        var archive = await cloud.CallAsync("AWSEvents.DescribeArchive", new JsonObject { ["ArchiveName"] = name }, "application/x-amz-json-1.1");
        return archive["EventCount"]!.GetValue<int>();
    }

    private static async Task<string> QueueUrlAsync(ChildLocalCloud cloud, string namePart)
    {
        var queues = await cloud.CallAsync("AmazonSQS.ListQueues", []);
        return queues["QueueUrls"]!.AsArray().Select(u => Text(u)!).Single(u => u.Contains(namePart, StringComparison.Ordinal));
    }

    private static async Task<(string Orders, string Inventory, string Payments)> TablesAsync(ChildLocalCloud cloud)
    {
        var names = (await cloud.CallAsync("DynamoDB_20120810.ListTables", []))["TableNames"]!.AsArray().Select(n => Text(n)!).ToList();
        string Named(string part) => names.Single(n => n.Contains(part, StringComparison.Ordinal));
        return (Named("OrdersTable"), Named("InventoryTable"), Named("PaymentsTable"));
    }

    private static async Task<JsonObject?> GetItemAsync(ChildLocalCloud cloud, string table, string keyName, string key)
    {
        var response = await cloud.CallAsync("DynamoDB_20120810.GetItem", new JsonObject
        {
            ["TableName"] = table,
            ["Key"] = new JsonObject { [keyName] = new JsonObject { ["S"] = key } },
            ["ConsistentRead"] = true,
        });
        return response["Item"] as JsonObject;
    }

    private static string? S(JsonObject? item, string attribute) => Text(item?[attribute]?["S"]);

    private static decimal? N(JsonObject? item, string attribute) =>
        Text(item?[attribute]?["N"]) is { } n ? decimal.Parse(n, CultureInfo.InvariantCulture) : null;

    private static string? Text(JsonNode? node) => SagaDriver.Text(node);

    [GeneratedRegex(@"Restored from .*?: (?<executions>\d+) execution\(s\), (?<resumed>\d+) resumed from their last checkpoint; (?<redelivered>\d+) delivery\(ies\) under way made again")]
    private static partial Regex RestoredLine();

    private sealed record ExecutionInfo(string Arn, string Status, string OrderId);
}
