using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OrderSaga.Local.States.Runtime;
using static Microsoft.Playwright.Assertions;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>The console on the local cloud, looking at what the real saga did with orders of every outcome.</summary>
[Collection(CloudConsoleGroup.Name)]
public sealed partial class ConsoleBrowserTests(CloudConsoleFixture fixture) : IAsyncLifetime
{
    private readonly OpenedPages pages = new(hash => fixture.OpenAsync(hash));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => pages.CloseAllAsync();

    private Task<ConsolePage> OpenAsync(string hash) => pages.OpenAsync(hash);

    private Task<ConsolePage> OpenExecutionAsync(string orderId) => OpenArnAsync(fixture.ExecutionOf(orderId).Arn);

    private Task<ConsolePage> OpenArnAsync(string executionArn) => OpenAsync($"#/executions/{Uri.EscapeDataString(executionArn)}");

    private Task<ConsolePage> OpenExecutionsAsync() => OpenAsync($"#/machines/{Uri.EscapeDataString(fixture.Saga.Arn)}");

    private static ILocator Row(ConsolePage console, Execution execution) =>
        console.Page.Locator($"[data-testid=execution-row][data-name=\"{execution.Name}\"]");

    [Fact]
    public async Task StateMachines_Deployed_ListedWithExecutionCounts()
    {
        var console = await OpenAsync("#/");
        var saga = console.Page.Locator($"[data-testid=machine-row][data-name=\"{fixture.Saga.Name}\"]");
        await Expect(saga).ToBeVisibleAsync();
        await Expect(console.Page.Locator("[data-testid=machine-row]")).ToHaveCountAsync(1);
        // Columns: name, type, then the count of executions by status: running, succeeded, failed, timed out, aborted.
        var failed = CloudConsoleFixture.Orders.Count(o => o.Outcome == "FAILED");
        await Expect(saga.Locator("td").Nth(2)).ToHaveTextAsync("0");
        await Expect(saga.Locator("td").Nth(3)).ToHaveTextAsync((CloudConsoleFixture.ExecutionCount - failed).ToString(CultureInfo.InvariantCulture));
        await Expect(saga.Locator("td").Nth(4)).ToHaveTextAsync(failed.ToString(CultureInfo.InvariantCulture));
        await console.ScreenshotAsync("state-machines");
        await saga.GetByRole(AriaRole.Link, new() { Name = fixture.Saga.Name }).ClickAsync();
        await Expect(console.TestId("executions-table")).ToBeVisibleAsync();
        await Expect(Row(console, fixture.ExecutionOf(CloudConsoleFixture.Happy))).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Execution_Unknown_ShowsTheApiError()
    {
        var console = await OpenArnAsync(fixture.ExecutionArnNamed("never-started"));
        await Expect(console.TestId("error")).ToContainTextAsync("ExecutionDoesNotExist");
    }

    [Fact]
    public async Task Executions_EveryOutcome_ListedWithStatusOrderIdAndDuration()
    {
        var console = await OpenExecutionsAsync();
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(CloudConsoleFixture.ExecutionCount);
        foreach (var (orderId, outcome) in CloudConsoleFixture.Orders)
        {
            var row = Row(console, fixture.ExecutionOf(orderId));
            await Expect(row).ToHaveAttributeAsync("data-status", outcome);
            await Expect(row.GetByTestId("order-id")).ToHaveTextAsync(orderId);
            await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(DurationText());
        }

        // The redelivered Order Created: a second execution of the same order, stopped at once as already recorded.
        var duplicate = Row(console, fixture.ExecutionsFor(CloudConsoleFixture.Happy)[1]);
        await Expect(duplicate).ToHaveAttributeAsync("data-status", "SUCCEEDED");
        await Expect(duplicate.GetByTestId("order-id")).ToHaveTextAsync(CloudConsoleFixture.Happy);
        await console.ScreenshotAsync("execution-list");
    }

    [Fact]
    public async Task Executions_StatusFilter_ShowsOnlyThatStatus()
    {
        var console = await OpenExecutionsAsync();
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(CloudConsoleFixture.ExecutionCount);
        await console.TestId("status-filter").SelectOptionAsync("FAILED");
        var rows = console.Page.Locator("[data-testid=execution-row]");
        await Expect(rows).ToHaveCountAsync(CloudConsoleFixture.Orders.Count(o => o.Outcome == "FAILED"));
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row).ToHaveAttributeAsync("data-status", "FAILED");
        }

        Assert.Contains("status=FAILED", console.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executions_SearchByOrderId_MatchesTheOrderInTheInput()
    {
        var console = await OpenExecutionsAsync();
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(CloudConsoleFixture.ExecutionCount);
        // EventBridge names the executions; the order id is only in their input, and the redelivered event has it too.
        await console.TestId("search").FillAsync("ord-1001");
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(2);
        await console.TestId("search").FillAsync("1003");
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveAttributeAsync("data-name", fixture.ExecutionOf(CloudConsoleFixture.OutOfStock).Name);
        await console.TestId("search").FillAsync("no-such-order");
        await Expect(console.TestId("empty")).ToHaveTextAsync("No execution matches the search.");
    }

    [Fact]
    public async Task Execution_PaymentDeclined_HighlightsCompensationPath()
    {
        var console = await OpenExecutionAsync(CloudConsoleFixture.Declined);
        await Expect(console.TestId("status")).ToHaveTextAsync("FAILED");
        foreach (var state in new[] { "PaymentDeclined", "ReleaseInventory", "CancelOrder", "NotifyCancellation", "PublishOrderCancelled" })
        {
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-compensation", "true");
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-visited", "true");
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-status", "succeeded");
        }

        await Expect(console.Node("OrderCancelled")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(console.Node("OrderCancelled")).ToHaveClassAsync(new Regex(@"\bcompensation\b.*\bvisited\b|\bvisited\b.*\bcompensation\b"));
        // Nothing was charged, so there was nothing to refund: on the compensation path, but not taken.
        await Expect(console.Node("RefundPayment")).ToHaveAttributeAsync("data-compensation", "true");
        await Expect(console.Node("RefundPayment")).ToHaveAttributeAsync("data-visited", "false");
        foreach (var state in new[] { "RecordOrder", "ReserveInventory", "ChargePayment" })
        {
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-compensation", "false");
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-status", "succeeded");
        }

        await Expect(console.Node("ConfirmOrder")).ToHaveAttributeAsync("data-visited", "false");
        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=\"PaymentCharged?\"][data-to=PaymentDeclined]")).ToHaveAttributeAsync("data-taken", "true");
        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=\"PaymentCharged?\"][data-to=ConfirmOrder]")).ToHaveAttributeAsync("data-taken", "false");
        await Expect(console.TestId("execution-error")).ToHaveTextAsync("OrderCancelled");
        await console.ScreenshotAsync("declined-execution");
        await console.TestId("graph").ScreenshotAsync(new() { Path = Path.Combine(ConsoleBrowser.ScreenshotFolder, "compensated-graph.png") });
    }

    [Fact]
    public async Task Execution_OutOfStock_ReleasesCancelsAndNeverCharges()
    {
        var console = await OpenExecutionAsync(CloudConsoleFixture.OutOfStock);
        await Expect(console.TestId("status")).ToHaveTextAsync("FAILED");
        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=\"InventoryReserved?\"][data-to=OutOfStock]")).ToHaveAttributeAsync("data-taken", "true");
        foreach (var state in new[] { "OutOfStock", "ReleaseInventory", "CancelOrder", "NotifyCancellation", "PublishOrderCancelled" })
        {
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-compensation", "true");
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-status", "succeeded");
        }

        await Expect(console.Node("OrderCancelled")).ToHaveAttributeAsync("data-status", "failed");
        foreach (var state in new[] { "ChargePayment", "RefundPayment", "ConfirmOrder" })
        {
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-visited", "false");
        }

        await Expect(console.TestId("execution-error")).ToHaveTextAsync("OrderCancelled");
        await console.Node("OrderCancelled").ClickAsync();
        await Expect(console.TestId("state-input")).ToContainTextAsync("\"OUT_OF_STOCK\"");
        await Expect(console.TestId("state-input")).ToContainTextAsync("\"SKU-SOLD-OUT\"");
        // The docs' picture: the whole graph and the selected state, without the long history below.
        await console.Page.SetViewportSizeAsync(1400, 1300);
        await console.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await console.ScreenshotAsync("compensated-execution", fullPage: false);
    }

    [Fact]
    public async Task Execution_PaymentFunctionCrashedOnCharge_ErrorShownOnTheCatchEdgeTaken()
    {
        var console = await OpenExecutionAsync(CloudConsoleFixture.ChargeCrashed);
        await Expect(console.TestId("status")).ToHaveTextAsync("FAILED");
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-status", "caught");
        var label = console.Page.Locator("[data-testid=caught-error][data-from=ChargePayment]");
        await Expect(label).ToHaveTextAsync("Runtime.ExitError");
        var edge = console.Page.Locator("[data-testid=graph-edge][data-from=ChargePayment][data-to=ChargePaymentFailed]");
        await Expect(edge).ToHaveAttributeAsync("data-kind", "catch");
        await Expect(edge).ToHaveAttributeAsync("data-taken", "true");
        foreach (var state in new[] { "ChargePaymentFailed", "RefundPayment", "ReleaseInventory", "CancelOrder" })
        {
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-compensation", "true");
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-visited", "true");
        }

        await Expect(console.Node("RefundPayment")).ToHaveAttributeAsync("data-status", "succeeded");
        await console.Node("ChargePayment").ClickAsync();
        await Expect(console.TestId("state-caught")).ToContainTextAsync("Runtime.ExitError");
    }

    [Fact]
    public async Task Execution_RefundCrashes_EndsInCompensationFailedHoldingTheStock()
    {
        var console = await OpenExecutionAsync(CloudConsoleFixture.RefundFails);
        await Expect(console.TestId("status")).ToHaveTextAsync("FAILED");
        await Expect(console.Node("RefundPayment")).ToHaveAttributeAsync("data-status", "caught");
        await Expect(console.Page.Locator("[data-testid=caught-error][data-from=RefundPayment]")).ToHaveTextAsync("Runtime.ExitError");
        await Expect(console.Node("PublishCompensationFailed")).ToHaveAttributeAsync("data-visited", "true");
        await Expect(console.Node("CompensationFailed")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(console.Node("ReleaseInventory")).ToHaveAttributeAsync("data-visited", "false");
        await Expect(console.Node("CancelOrder")).ToHaveAttributeAsync("data-visited", "false");
        await Expect(console.TestId("execution-error")).ToHaveTextAsync("CompensationFailed");
        await Expect(console.TestId("redrive")).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Execution_TransientFailures_RetriesCountedOnTheState()
    {
        var console = await OpenExecutionAsync(CloudConsoleFixture.Flaky);
        await Expect(console.TestId("status")).ToHaveTextAsync("SUCCEEDED");
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-retries", "2");
        await Expect(console.Node("ChargePayment").GetByTestId("retry-badge")).ToHaveTextAsync("↻ 2");
        await Expect(console.Node("ReserveInventory")).ToHaveAttributeAsync("data-retries", "0");
        await Expect(console.Page.Locator("[data-testid=retry-badge]")).ToHaveCountAsync(1);
        await Expect(console.Node("ReleaseInventory")).ToHaveAttributeAsync("data-visited", "false");
        await Expect(console.Node("OrderConfirmed")).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(console.TestId("redrive")).ToBeDisabledAsync();
        await console.Node("ChargePayment").ClickAsync();
        await Expect(console.TestId("state-retries")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task Execution_History_ListsEveryEventWithStateAndElapsedTime()
    {
        var arn = fixture.ExecutionOf(CloudConsoleFixture.Declined).Arn;
        var history = await fixture.CallAsync("AWSStepFunctions.GetExecutionHistory", new JsonObject { ["executionArn"] = arn });
        var events = history["events"]!.AsArray();
        var console = await OpenArnAsync(arn);
        var rows = console.Page.Locator("[data-testid=history-row]");
        await Expect(rows).ToHaveCountAsync(events.Count);
        await Expect(rows.First).ToHaveAttributeAsync("data-type", "ExecutionStarted");
        await Expect(rows.First.Locator("td").Nth(3)).ToHaveTextAsync("0");
        await Expect(rows.Last).ToHaveAttributeAsync("data-type", "ExecutionFailed");
        var chargeEntered = console.Page.Locator("[data-testid=history-row][data-type=TaskStateEntered]").Filter(new() { HasText = "ChargePayment" }).First;
        await Expect(chargeEntered.Locator("td").Nth(2)).ToHaveTextAsync("ChargePayment");
        var scheduled = console.Page.Locator("[data-testid=history-row][data-type=TaskScheduled]").First;
        await Expect(scheduled.Locator("td").Nth(2)).ToHaveTextAsync("RecordOrder");
        await scheduled.Locator("td:nth-child(2) > details > summary").ClickAsync();
        await Expect(scheduled.GetByTestId("event-details")).ToContainTextAsync("putItem");
    }

    [Fact]
    public async Task Execution_SelectState_ShowsItsInputAndOutputAsJson()
    {
        var console = await OpenExecutionAsync(CloudConsoleFixture.Declined);
        await console.Node("ChargePayment").ClickAsync();
        await Expect(console.TestId("state-details")).ToHaveAttributeAsync("data-state", "ChargePayment");
        await Expect(console.TestId("state-input")).ToContainTextAsync("\"tok_chargeDeclined\"");
        await Expect(console.TestId("state-output")).ToContainTextAsync("\"DECLINED\"");
        await Expect(console.Node("ChargePayment")).ToHaveClassAsync(new Regex(@"\bselected\b"));
        // Objects fold: closing the input's root hides its keys.
        var root = console.TestId("state-input").Locator("details").First;
        await Expect(root.Locator(".j-key").Filter(new() { HasText = "detail" }).First).ToBeVisibleAsync();
        await root.Locator("summary").First.ClickAsync();
        await Expect(root.Locator(".j-key").Filter(new() { HasText = "detail" }).First).ToBeHiddenAsync();
        await Expect(console.TestId("execution-input")).ToContainTextAsync("\"Order Created\"");
        Assert.Contains("state=ChargePayment", console.Page.Url, StringComparison.Ordinal);
    }

    /// <summary>
    /// The refund crashed on every attempt; with the payment function healthy again, the page's Redrive restarts the
    /// execution where it ended. Every failure of the saga ends in a Fail state after its compensations, so the redrive
    /// reruns that state and the execution fails again, now with one redrive on record and the refund not retried.
    /// </summary>
    [Fact]
    public async Task Execution_Redrive_RestartsFromTheFailedStateAndCountsTheRedrive()
    {
        var execution = fixture.ExecutionOf(CloudConsoleFixture.ToRedrive);
        var scheduledBefore = execution.History.Count(e => e.Type == "TaskScheduled");
        var console = await OpenArnAsync(execution.Arn);
        await Expect(console.TestId("status")).ToHaveTextAsync("FAILED");
        await Expect(console.TestId("redrive")).ToBeEnabledAsync();
        await console.TestId("redrive").ClickAsync();
        await Expect(console.TestId("notice")).ToHaveAttributeAsync("data-kind", "success");
        await fixture.WhenIdleAsync();

        var described = await fixture.CallAsync("AWSStepFunctions.DescribeExecution", new JsonObject { ["executionArn"] = execution.Arn });
        Assert.Equal(200, (int)described["$status"]!);
        Assert.Equal(1, (int)described["redriveCount"]!);
        Assert.Equal("FAILED", (string?)described["status"]);
        Assert.Equal("CompensationFailed", (string?)described["error"]);
        Assert.Single(execution.History, e => e.Type == "ExecutionRedriven");
        Assert.Equal(scheduledBefore, execution.History.Count(e => e.Type == "TaskScheduled"));

        await Expect(console.TestId("redrive-count")).ToHaveTextAsync("1");
        await Expect(console.TestId("status")).ToHaveTextAsync("FAILED");
        await Expect(console.Page.Locator("[data-testid=history-row][data-type=ExecutionRedriven]")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("[data-testid=history-row]").Last).ToHaveAttributeAsync("data-type", "ExecutionFailed");
        await console.ScreenshotAsync("redrive");

        // Opened afresh, the redriven execution shows its count and the compensation state it failed in again.
        var reopened = await OpenArnAsync(execution.Arn);
        await Expect(reopened.TestId("redrive-count")).ToHaveTextAsync("1");
        await Expect(reopened.Node("CompensationFailed")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(reopened.Node("RefundPayment")).ToHaveAttributeAsync("data-status", "caught");
    }

    [Fact]
    public async Task Queues_OrderWithoutId_ListedInRejectedOrdersAndPeekedWithoutHiding()
    {
        var console = await OpenAsync("#/queues");
        await Expect(console.Page.Locator("[data-testid=queue-row]")).ToHaveCountAsync(fixture.Cloud.Stack.Queues.Count);
        var alerts = console.Page.Locator($"[data-testid=queue-row][data-name=\"{fixture.QueueName("AlertsQueue")}\"]");
        await Expect(alerts.GetByTestId("queue-count")).ToHaveTextAsync("2");
        var rejected = console.Page.Locator($"[data-testid=queue-row][data-name=\"{fixture.QueueName("RejectedOrdersQueue")}\"]");
        await Expect(rejected.GetByTestId("queue-count")).ToHaveTextAsync("1");
        await rejected.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(console.TestId("message")).ToHaveCountAsync(1);
        await Expect(console.TestId("message-body")).ToContainTextAsync($"\"{CloudConsoleFixture.NamelessCustomer}\"");
        await Expect(console.TestId("message-body")).Not.ToContainTextAsync("\"orderId\"");
        await console.ScreenshotAsync("queue");
        await console.Page.ReloadAsync();
        await Expect(console.TestId("message")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("dd[data-testid=queue-count]")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Tables_Inventory_PagedAndShownAsPlainJson()
    {
        var console = await OpenAsync("#/tables");
        await Expect(console.Page.Locator("[data-testid=table-row]")).ToHaveCountAsync(fixture.Cloud.Stack.Tables.Count);
        var orders = console.Page.Locator($"[data-testid=table-row][data-name=\"{fixture.OrdersTable}\"]");
        await Expect(orders.GetByTestId("item-count")).ToHaveTextAsync(CloudConsoleFixture.Orders.Length.ToString(CultureInfo.InvariantCulture));
        var inventory = console.Page.Locator($"[data-testid=table-row][data-name=\"{fixture.InventoryTable}\"]");
        var skus = (await fixture.Cloud.DynamoDb.SendAsync("Scan", new JsonObject { ["TableName"] = fixture.InventoryTable, ["Select"] = "COUNT" }, CancellationToken.None))["Count"]!.GetValue<int>();
        Assert.True(skus > 25, $"the inventory table needs more than a page of items, has {skus}");
        await Expect(inventory.GetByTestId("item-count")).ToHaveTextAsync(skus.ToString(CultureInfo.InvariantCulture));
        await inventory.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(console.Page.Locator("[data-testid=item-row]")).ToHaveCountAsync(25);
        await Expect(console.Page.Locator("[data-testid=items-table] th").First).ToHaveTextAsync("sku");
        await console.ScreenshotAsync("table");
        await console.TestId("next-page").ClickAsync();
        await Expect(console.Page.Locator("[data-testid=item-row]")).ToHaveCountAsync(skus - 25);
        await Expect(console.TestId("next-page")).ToBeDisabledAsync();
        await console.TestId("toggle-json").ClickAsync();
        var first = console.Page.Locator("[data-testid=item-json]").First;
        await Expect(first).ToContainTextAsync("\"SKU-");
        await Expect(first.Locator(".j-num").First).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(first).Not.ToContainTextAsync("\"S\"");
        await Expect(first).Not.ToContainTextAsync("\"N\"");
        await console.TestId("previous-page").ClickAsync();
        await Expect(console.Page.Locator("[data-testid=item-json]")).ToHaveCountAsync(25);
    }

    [GeneratedRegex(@"^(\d+(\.\d+)? (ms|s)|\d+ min \d+ s|\d+ h \d+ min)$")]
    private static partial Regex DurationText();
}
