using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Cli;

/// <summary>
/// <c>demo</c>: start a private local cloud on the virtual clock, send orders that end every way the saga can end,
/// and print how each ended. Every order is checked against what it is meant to show, so the demo is a smoke test too.
/// </summary>
internal static class DemoCommand
{
    private const string MalformedMarker = "CUST-DEMO-MALFORMED";
    internal const string InjectedNotificationError = "MailProviderUnavailable";
    private const string InjectedInventoryError = "InventoryStoreUnavailable";
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);

    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 for the demo's endpoint; 0 (default) picks a free one, so a running `up` is not disturbed.", DefaultValueFactory = _ => 0 };
        var seed = new Option<int?>("--seed") { Description = "Seed for retry jitter, so runs repeat." };
        var verbose = new Option<bool>("--verbose") { Description = "Also print the local cloud's start-up log." };
        var command = new Command("demo", "Start a local cloud on the virtual clock, send sample orders covering every outcome, and print how each ended.");
        command.Options.Add(port);
        command.Options.Add(seed);
        command.Options.Add(verbose);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                return await RunAsync(r.GetValue(port), r.GetValue(seed), r.GetValue(verbose), ct);
            }
            catch (Exception ex) when (ex is LocalCloudException or EndpointException or DemoException)
            {
                await Console.Error.WriteLineAsync($"demo: {ex.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("demo: interrupted; the local cloud was stopped.");
                return 130;
            }
            catch (TimeoutException)
            {
                await Console.Error.WriteLineAsync($"demo: the local cloud did not become idle within {IdleTimeout.TotalMinutes:0} minutes; some execution or delivery is stuck.");
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(int port, int? seed, bool verbose, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        Console.WriteLine("Starting a local cloud on the virtual clock (synthesizing the stack first if it is out of date)...");
        var options = new LocalCloudOptions { Port = port, VirtualClock = true, Seed = seed, RepositoryRoot = RepositoryLocator.Find() };
        await using var cloud = await LocalCloud.StartAsync(options, verbose ? Console.Out : TextWriter.Null, ct);
        Console.WriteLine($"Sending sample orders to {cloud.Endpoint} (started in {wall.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)...");
        return await RunOrdersAsync(cloud, options, wall, ct);
    }

    private static async Task<int> RunOrdersAsync(LocalCloud cloud, LocalCloudOptions options, Stopwatch wall, CancellationToken ct)
    {
        var virtualStart = cloud.Time.GetUtcNow();

        var inventory = Function(cloud.Stack, "InventoryFunction");
        var payment = Function(cloud.Stack, "PaymentFunction");
        var notification = Function(cloud.Stack, "NotificationFunction");
        var rejectedQueue = cloud.Stack.Queues.FirstOrDefault(q => q.LogicalId.StartsWith("RejectedOrdersQueue", StringComparison.Ordinal))
            ?? throw new DemoException("the stack has no RejectedOrdersQueue; is cdk.out from another app?");
        var scenarios = Scenarios();
        var byName = scenarios.ToDictionary(s => s.Name);
        using var client = new EndpointClient(cloud.Endpoint, options.Region);
        var known = new HashSet<string>(StringComparer.Ordinal);

        // Executions started since the last look: on the virtual clock many share a start date, so dates cannot order them.
        List<Execution> Started() => [.. cloud.StepFunctions.AllExecutions.Where(e => known.Add(e.Arn))];

        // Orders that need no fault run side by side; an order that needs one runs alone, so the fault hits only it.
        await SendAsync(client, [.. scenarios.Where(s => !s.SentAlone).Select(s => s.Detail), MalformedOrder()], ct);
        await IdleAsync(cloud, ct);
        var firstDelivery = Started();

        // The same event again, as EventBridge's at-least-once delivery may do.
        await SendAsync(client, [byName["duplicate delivery"].Detail], ct);
        await IdleAsync(cloud, ct);
        var secondDelivery = Started();

        cloud.LambdaFaults.FailWith(notification, InjectedNotificationError, "Injected by the demo: the mail provider is down", times: 1);
        try
        {
            await SendAsync(client, [byName["notification fails"].Detail], ct);
            await IdleAsync(cloud, ct);
        }
        finally
        {
            cloud.LambdaFaults.Clear(notification);
        }

        await RunCompensationFailureAsync(cloud, client, byName["compensation fails"], inventory, payment, ct);

        var rows = new List<(string Order, string Scenario, string Outcome, string Transitions, string Path, string? Problem)>();
        var executions = cloud.StepFunctions.AllExecutions.ToList();
        var failures = cloud.EventBridge.Failures;
        foreach (var scenario in scenarios)
        {
            bool Mine(Execution e) => OrderEvents.OrderIdOf(e.Input) == scenario.OrderId;
            if (scenario.Name == "duplicate delivery")
            {
                // The first delivery owns the order and confirms it; the second finds it recorded and stops.
                var first = byName["happy path"] with { Name = "duplicate: 1st delivery", OrderId = scenario.OrderId };
                AddRow(rows, first, firstDelivery.Where(Mine).ToList(), failures);
                AddRow(rows, scenario with { Name = "duplicate: 2nd delivery" }, secondDelivery.Where(Mine).ToList(), failures);
                continue;
            }

            AddRow(rows, scenario, executions.Where(Mine).ToList(), failures);
        }

        var rejected = cloud.Sqs.Get(rejectedQueue.Name).Peek().Count(m => m.Body.Contains(MalformedMarker, StringComparison.Ordinal));
        var malformedExecutions = executions.Count(e => e.Input?["detail"]?["customerId"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && e.Input["detail"]!["customerId"]!.GetValue<string>() == MalformedMarker);
        rows.Add(("(no orderId)", "malformed order", rejected == 1 ? "rejected (in rejected-orders queue)" : $"{rejected} message(s) in {rejectedQueue.Name}", "0", "-",
            malformedExecutions > 0 ? $"started {malformedExecutions} execution(s), meant to start none"
            : rejected != 1 ? $"{rejected} message(s) in the rejected-orders queue, meant 1" : null));

        Console.WriteLine();
        var table = new TextTable("CHECK", "ORDER", "SHOWS", "OUTCOME", "TRANSITIONS", "STATES VISITED");
        foreach (var row in rows)
        {
            table.Add(row.Problem is null ? "ok" : "FAIL", row.Order, row.Scenario, row.Outcome, row.Transitions, row.Path);
        }

        table.WriteTo(Console.Out);
        Console.WriteLine();
        foreach (var row in rows.Where(r => r.Problem is not null))
        {
            Console.WriteLine($"FAIL {row.Order} ({row.Scenario}): {row.Problem}");
        }

        var virtualElapsed = cloud.Time.GetUtcNow() - virtualStart;
        var failed = rows.Count(r => r.Problem is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{scenarios.Count + 1} orders in {rows.Count} deliveries, {executions.Count} executions ({executions.Count(e => e.Status == ExecutionStatus.Succeeded)} succeeded, {executions.Count(e => e.Status == ExecutionStatus.Failed)} failed), {rejected} rejected: " +
            $"{(failed == 0 ? "every order ended as meant" : $"{failed} ended differently from what they were meant to show")}. " +
            $"Virtual time {ExecutionQueries.FormatDuration(virtualElapsed)}, wall time {wall.Elapsed.TotalSeconds:0.0} s."));
        return failed == 0 ? 0 : 1;
    }

    /// <summary>
    /// A declined order whose stock release then fails: the saga cannot undo the reservation and must end
    /// CompensationFailed. The inventory function must work for the reservation and fail for the release, and nothing
    /// tells the demo from outside when one ends and the other begins; so the first charge attempt fails transiently,
    /// and the release's fault is put in place during the retry backoff, on the virtual clock: the execution holds the
    /// clock while it works and lets go only there, and a timer due before the retry's fires first.
    /// </summary>
    internal static async Task RunCompensationFailureAsync(LocalCloud cloud, EndpointClient client, DemoScenario scenario, string inventory, string payment, CancellationToken ct)
    {
        ITimer? timer = null;
        void OnStarted(Execution execution)
        {
            if (OrderEvents.OrderIdOf(execution.Input) == scenario.OrderId)
            {
                timer ??= cloud.Time.CreateTimer(
                    _ => cloud.LambdaFaults.FailWith(inventory, InjectedInventoryError, "Injected by the demo: the inventory store is unavailable"),
                    null,
                    TimeSpan.Zero,
                    Timeout.InfiniteTimeSpan);
            }
        }

        cloud.LambdaFaults.FailWith(payment, ErrorNames.Transient, "Injected by the demo: the payment provider timed out once", times: 1);
        cloud.StepFunctions.ExecutionStarted += OnStarted;
        try
        {
            await SendAsync(client, [scenario.Detail], ct);
            await IdleAsync(cloud, ct);
        }
        finally
        {
            cloud.StepFunctions.ExecutionStarted -= OnStarted;
            timer?.Dispose();
            cloud.LambdaFaults.Clear(inventory);
            cloud.LambdaFaults.Clear(payment);
        }
    }

    internal static List<DemoScenario> Scenarios() =>
    [
        new("happy path", "ORD-DEMO-HAPPY", Order("ORD-DEMO-HAPPY", "SKU-RED-MUG", 2, 12.50m, "tok_visa"))
        {
            Status = "SUCCEEDED",
            LastState = SagaStates.OrderConfirmed,
            Through = [SagaStates.ChargePayment, SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed],
            Extra = r => r.RetryCount > 0 ? $"retried {r.RetryCount} time(s), meant to go straight through" : r.NotificationError is { } n ? $"notification failed: {n}" : null,
        },
        new("out of stock", "ORD-DEMO-SOLD-OUT", Order("ORD-DEMO-SOLD-OUT", "SKU-SOLD-OUT", 1, 30m, "tok_visa"))
        {
            Status = "FAILED",
            Error = ErrorNames.OrderCancelled,
            Cause = CancellationReasons.OutOfStock,
            LastState = SagaStates.OrderCancelled,
            Through = [SagaStates.OutOfStock, SagaStates.ReleaseInventory, SagaStates.CancelOrder],
            NotThrough = [SagaStates.ChargePayment],
        },
        new("payment declined", "ORD-DEMO-DECLINED", Order("ORD-DEMO-DECLINED", "SKU-TEAPOT", 1, 45m, "tok_chargeDeclined"))
        {
            Status = "FAILED",
            Error = ErrorNames.OrderCancelled,
            Cause = CancellationReasons.PaymentDeclined,
            LastState = SagaStates.OrderCancelled,
            Through = [SagaStates.PaymentDeclined, SagaStates.ReleaseInventory, SagaStates.CancelOrder],
            NotThrough = [SagaStates.RefundPayment],
        },
        new("flaky payment, retried", "ORD-DEMO-FLAKY", Order("ORD-DEMO-FLAKY", "SKU-BLUE-MUG", 1, 12.50m, "tok_flaky"))
        {
            Status = "SUCCEEDED",
            LastState = SagaStates.OrderConfirmed,
            Extra = r => r.Retries.GetValueOrDefault(SagaStates.ChargePayment) == 2 ? null : $"ChargePayment retried {r.Retries.GetValueOrDefault(SagaStates.ChargePayment)} time(s), meant 2",
        },
        new("notification fails", "ORD-DEMO-NOTIFY-FAILS", Order("ORD-DEMO-NOTIFY-FAILS", "SKU-RED-MUG", 1, 12.50m, "tok_visa"))
        {
            SentAlone = true,
            Status = "SUCCEEDED",
            LastState = SagaStates.OrderConfirmed,
            Through = [SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed],
            Extra = r => r.NotificationError == InjectedNotificationError ? null : $"notification error {r.NotificationError ?? "(none)"}, meant {InjectedNotificationError}",
        },
        new("compensation fails", "ORD-DEMO-COMPENSATION", Order("ORD-DEMO-COMPENSATION", "SKU-LAST-FIVE", 1, 20m, "tok_chargeDeclined"))
        {
            SentAlone = true,
            Status = "FAILED",
            Error = ErrorNames.CompensationFailed,
            LastState = SagaStates.CompensationFailed,
            Through = [SagaStates.PaymentDeclined, SagaStates.ReleaseInventory, SagaStates.PublishCompensationFailed],
            NotThrough = [SagaStates.CancelOrder],
            Extra = r => r.CompensationErrorName == InjectedInventoryError ? null : $"compensation error {r.CompensationErrorName ?? "(none)"}, meant {InjectedInventoryError}",
        },
        new("duplicate delivery", "ORD-DEMO-DUPLICATE", Order("ORD-DEMO-DUPLICATE", "SKU-RED-MUG", 1, 12.50m, "tok_visa"))
        {
            Status = "SUCCEEDED",
            LastState = SagaStates.OrderAlreadyRecorded,
            NotThrough = [SagaStates.ChargePayment],
        },
    ];

    private static void AddRow(List<(string, string, string, string, string, string?)> rows, DemoScenario scenario, List<Execution> executions, IReadOnlyList<DeliveryFailure> failures)
    {
        if (executions.Count != 1)
        {
            var undelivered = failures.FirstOrDefault(f => f.EventJson.Contains($"\"{scenario.OrderId}\"", StringComparison.Ordinal));
            var why = undelivered is null ? string.Empty : $"; delivery failed: {undelivered.ErrorCode}: {undelivered.ErrorMessage}";
            rows.Add((scenario.OrderId, scenario.Name, $"{executions.Count} executions", "-", "-", $"{executions.Count} executions started, meant 1{why}"));
            return;
        }

        var run = DemoRun.From(executions[0]);

        var transitions = run.RetryCount > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{run.States.Count} (+{run.RetryCount} retries)")
            : run.States.Count.ToString(CultureInfo.InvariantCulture);
        rows.Add((scenario.OrderId, scenario.Name, run.Outcome(), transitions, run.Path(), scenario.Problem(run)));
    }

    private static JsonObject Order(string orderId, string sku, int quantity, decimal unitPrice, string token) =>
        OrderEvents.Detail(orderId, "CUST-42", "ada@example.com", sku, quantity, unitPrice, token, "USD");

    internal static JsonObject MalformedOrder() =>
        OrderEvents.Detail(orderId: null, MalformedMarker, "ada@example.com", "SKU-RED-MUG", 1, 12.50m, "tok_visa", "USD");

    private static async Task SendAsync(EndpointClient client, IReadOnlyList<JsonObject> details, CancellationToken ct)
    {
        var entries = new JsonArray([.. details.Select(d => (JsonNode)OrderEvents.Entry(d, OrderEvents.DefaultBus))]);
        var response = await client.EventBridgeAsync("PutEvents", new JsonObject { ["Entries"] = entries }, ct);
        if (response["FailedEntryCount"]?.GetValue<int>() is not 0)
        {
            throw new DemoException($"PutEvents refused an order: {response.ToJsonString()}");
        }
    }

    private static async Task IdleAsync(LocalCloud cloud, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(IdleTimeout);
        try
        {
            await cloud.WhenIdleAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
    }

    internal static string Function(StackModel stack, string logicalIdPrefix) =>
        stack.Functions.FirstOrDefault(f => f.LogicalId.StartsWith(logicalIdPrefix, StringComparison.Ordinal))?.Name
            ?? throw new DemoException($"the stack has no {logicalIdPrefix}; is cdk.out from another app?");
}
