using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrderSaga.Local.Tests.WebConsole;

[Collection(ConsoleGroup.Name)]
public sealed partial class ConsoleBrowserTests(ConsoleFixture fixture) : IAsyncLifetime
{
    private readonly List<ConsolePage> pages = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        var problems = pages.SelectMany(p => p.Problems).ToList();
        foreach (var page in pages)
        {
            await page.DisposeAsync();
        }

        Assert.Empty(problems);
    }

    private async Task<ConsolePage> OpenAsync(string hash)
    {
        var page = await fixture.OpenAsync(hash);
        pages.Add(page);
        return page;
    }

    private Task<ConsolePage> OpenExecutionAsync(string name, string machine = ConsoleFixture.SagaName) =>
        OpenAsync($"#/executions/{Uri.EscapeDataString(ConsoleFixture.ExecutionArn(name, machine))}");

    private Task<ConsolePage> OpenExecutionsAsync() => OpenAsync($"#/machines/{Uri.EscapeDataString(ConsoleFixture.SagaArn)}");

    [Fact]
    public async Task StateMachines_Deployed_ListedWithExecutionCounts()
    {
        var console = await OpenAsync("#/");
        var saga = console.Page.Locator("[data-testid=machine-row][data-name=OrderSaga]");
        await Expect(saga).ToBeVisibleAsync();
        await Expect(console.Page.Locator("[data-testid=machine-row]")).ToHaveCountAsync(2);
        await Expect(saga.Locator("td").Nth(4)).ToHaveTextAsync("4");
        await console.ScreenshotAsync("state-machines");
        await saga.GetByRole(AriaRole.Link, new() { Name = "OrderSaga" }).ClickAsync();
        await Expect(console.TestId("executions-table")).ToBeVisibleAsync();
        await Expect(console.Page.Locator("[data-testid=execution-row][data-name=\"ORD-1001\"]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Execution_Unknown_ShowsTheApiError()
    {
        var console = await OpenExecutionAsync("ORD-NEVER-SENT");
        await Expect(console.TestId("error")).ToContainTextAsync("ExecutionDoesNotExist");
    }

    [Fact]
    public async Task Executions_EveryOutcome_ListedWithStatusOrderIdAndDuration()
    {
        var console = await OpenExecutionsAsync();
        var rows = console.Page.Locator("[data-testid=execution-row]");
        await Expect(rows).ToHaveCountAsync(ConsoleFixture.Orders.Length + 3);
        foreach (var (orderId, _, _, outcome) in ConsoleFixture.Orders)
        {
            var row = console.Page.Locator($"[data-testid=execution-row][data-name=\"{orderId}\"]");
            await Expect(row).ToHaveAttributeAsync("data-status", outcome);
            await Expect(row.GetByTestId("order-id")).ToHaveTextAsync(orderId);
            await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(DurationText());
        }

        var duplicate = console.Page.Locator($"[data-testid=execution-row][data-name=\"{ConsoleFixture.DuplicateExecution}\"]");
        await Expect(duplicate).ToHaveAttributeAsync("data-status", "SUCCEEDED");
        await Expect(duplicate.GetByTestId("order-id")).ToHaveTextAsync("ORD-1001");
        await console.ScreenshotAsync("execution-list");
    }

    [Fact]
    public async Task Executions_StatusFilter_ShowsOnlyThatStatus()
    {
        var console = await OpenExecutionsAsync();
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(ConsoleFixture.Orders.Length + 3);
        await console.TestId("status-filter").SelectOptionAsync("FAILED");
        var rows = console.Page.Locator("[data-testid=execution-row]");
        await Expect(rows).ToHaveCountAsync(ConsoleFixture.Orders.Count(o => o.Outcome == "FAILED"));
        foreach (var row in await rows.AllAsync())
        {
            await Expect(row).ToHaveAttributeAsync("data-status", "FAILED");
        }

        Assert.Contains("status=FAILED", console.Page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Executions_SearchByOrderId_MatchesNameAndInput()
    {
        var console = await OpenExecutionsAsync();
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(ConsoleFixture.Orders.Length + 3);
        await console.TestId("search").FillAsync("ord-1001");
        // The redelivered event's execution has another name but the same order in its input.
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(2);
        await console.TestId("search").FillAsync("1003");
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("[data-testid=execution-row]")).ToHaveAttributeAsync("data-name", "ORD-1003");
        await console.TestId("search").FillAsync("no-such-order");
        await Expect(console.TestId("empty")).ToHaveTextAsync("No execution matches the search.");
    }

    [Fact]
    public async Task Execution_PaymentDeclined_HighlightsCompensationPath()
    {
        var console = await OpenExecutionAsync("ORD-1002");
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
        await console.ScreenshotAsync("compensated-execution");
        await console.TestId("graph").ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.ScreenshotFolder, "compensated-graph.png") });
    }

    [Fact]
    public async Task Execution_CaughtError_ShownOnTheCatchEdgeTaken()
    {
        var console = await OpenExecutionAsync("ORD-1005");
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-status", "caught");
        var label = console.Page.Locator("[data-testid=caught-error][data-from=ChargePayment]");
        await Expect(label).ToHaveTextAsync("PaymentProviderException");
        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=ChargePayment][data-to=ChargePaymentFailed]")).ToHaveAttributeAsync("data-kind", "catch");
        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=ChargePayment][data-to=ChargePaymentFailed]")).ToHaveAttributeAsync("data-taken", "true");
        foreach (var state in new[] { "ChargePaymentFailed", "RefundPayment", "ReleaseInventory", "CancelOrder" })
        {
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-compensation", "true");
            await Expect(console.Node(state)).ToHaveAttributeAsync("data-visited", "true");
        }

        await console.Node("ChargePayment").ClickAsync();
        await Expect(console.TestId("state-caught")).ToContainTextAsync("PaymentProviderException");
    }

    [Fact]
    public async Task Execution_CompensationFails_EndsInCompensationFailed()
    {
        var console = await OpenExecutionAsync("ORD-REFUND-FAILS");
        await Expect(console.Node("RefundPayment")).ToHaveAttributeAsync("data-status", "caught");
        await Expect(console.Page.Locator("[data-testid=caught-error][data-from=RefundPayment]")).ToHaveTextAsync("RefundRejected");
        await Expect(console.Node("PublishCompensationFailed")).ToHaveAttributeAsync("data-visited", "true");
        await Expect(console.Node("CompensationFailed")).ToHaveAttributeAsync("data-status", "failed");
        await Expect(console.Node("CancelOrder")).ToHaveAttributeAsync("data-visited", "false");
    }

    [Fact]
    public async Task Execution_TransientFailures_RetriesCountedOnTheState()
    {
        var console = await OpenExecutionAsync("ORD-1004");
        await Expect(console.TestId("status")).ToHaveTextAsync("SUCCEEDED");
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-retries", "2");
        await Expect(console.Node("ChargePayment").GetByTestId("retry-badge")).ToHaveTextAsync("↻ 2");
        await Expect(console.Node("ReserveInventory")).ToHaveAttributeAsync("data-retries", "0");
        await Expect(console.Page.Locator("[data-testid=retry-badge]")).ToHaveCountAsync(1);
        await Expect(console.Node("ReleaseInventory")).ToHaveAttributeAsync("data-visited", "false");
        await console.Node("ChargePayment").ClickAsync();
        await Expect(console.TestId("state-retries")).ToHaveTextAsync("2");
    }

    [Fact]
    public async Task Execution_History_ListsEveryEventWithStateAndElapsedTime()
    {
        var history = await fixture.CallAsync("AWSStepFunctions.GetExecutionHistory", new JsonObject { ["executionArn"] = ConsoleFixture.ExecutionArn("ORD-1002") });
        var events = history["events"]!.AsArray();
        var console = await OpenExecutionAsync("ORD-1002");
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
        var console = await OpenExecutionAsync("ORD-1002");
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

    [Fact]
    public async Task Execution_Running_MarkedLiveAndStoppable()
    {
        var console = await OpenExecutionAsync(ConsoleFixture.HeldOrder);
        await Expect(console.TestId("status")).ToHaveTextAsync("RUNNING");
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-status", "running");
        await Expect(console.TestId("redrive")).ToBeDisabledAsync();
        await console.ScreenshotAsync("running-execution");
        await console.TestId("stop").ClickAsync();
        await Expect(console.TestId("status")).ToHaveTextAsync("ABORTED");
        await Expect(console.TestId("notice")).ToHaveAttributeAsync("data-kind", "success");
        await Expect(console.TestId("stop")).ToBeDisabledAsync();
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-status", "aborted");
        await Expect(console.Page.Locator("[data-testid=history-row]").Last).ToHaveAttributeAsync("data-type", "ExecutionAborted");
    }

    [Fact]
    public async Task Execution_FinishesWhileOpen_PageUpdatesItself()
    {
        var console = await OpenExecutionAsync(ConsoleFixture.LiveOrder);
        await Expect(console.Node("ChargePayment")).ToHaveAttributeAsync("data-status", "running");
        var list = await OpenExecutionsAsync();
        await Expect(list.TestId("live")).ToBeVisibleAsync();
        fixture.Tasks.ReleasePayment(ConsoleFixture.LiveOrder);
        await Expect(console.TestId("status")).ToHaveTextAsync("SUCCEEDED");
        await Expect(console.Node("OrderConfirmed")).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(list.Page.Locator($"[data-testid=execution-row][data-name=\"{ConsoleFixture.LiveOrder}\"]")).ToHaveAttributeAsync("data-status", "SUCCEEDED");
    }

    [Fact]
    public async Task Execution_Redrive_ShowsWhatTheApiAnswered()
    {
        const string name = "ORD-REFUND-FAILS-REDRIVE";
        await fixture.Registry.Start(ConsoleFixture.SagaArn, name, ConsoleFixture.OrderInput(name, "tok_broken", "SKU-RED-MUG")).Execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        var console = await OpenExecutionAsync(name);
        await Expect(console.TestId("redrive")).ToBeEnabledAsync();
        await console.TestId("redrive").ClickAsync();
        var notice = console.TestId("notice");
        await Expect(notice).ToBeVisibleAsync();
        var described = await fixture.CallAsync("AWSStepFunctions.DescribeExecution", new JsonObject { ["executionArn"] = ConsoleFixture.ExecutionArn(name) });
        if (await notice.GetAttributeAsync("data-kind") == "error")
        {
            // Until the engine redrives, the page must show the API's error, which a direct call reproduces.
            var direct = await fixture.CallAsync("AWSStepFunctions.RedriveExecution", new JsonObject { ["executionArn"] = ConsoleFixture.ExecutionArn(name) });
            Assert.NotEqual(200, (int)direct["$status"]!);
            await Expect(notice).ToContainTextAsync((string)direct["__type"]!);
            await Expect(console.TestId("redrive")).ToBeEnabledAsync();
        }
        else
        {
            Assert.True((int)described["redriveCount"]! >= 1);
            await Expect(console.TestId("redrive-count")).ToHaveTextAsync(((int)described["redriveCount"]!).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await console.ScreenshotAsync("redrive");
    }

    [Fact]
    public async Task Graph_ParallelAndMap_DrawnAsNestedBoxes()
    {
        var console = await OpenExecutionAsync("nested-1", ConsoleFixture.NestedName);
        await Expect(console.TestId("status")).ToHaveTextAsync("SUCCEEDED");
        var fanOut = console.Page.Locator("[data-testid=graph-group][data-state=FanOut]");
        var each = console.Page.Locator("[data-testid=graph-group][data-state=EachItem]");
        await Expect(fanOut.Locator("[data-state=BranchA]")).ToHaveAttributeAsync("data-visited", "true");
        await Expect(fanOut.Locator("[data-state=BranchBDone]")).ToHaveAttributeAsync("data-visited", "true");
        await Expect(each.Locator("[data-state=Double]")).ToHaveAttributeAsync("data-visited", "true");
        await Expect(fanOut.Locator(".branch")).ToHaveCountAsync(2);
        await Expect(fanOut).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(each).ToHaveAttributeAsync("data-status", "succeeded");
        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=EachItem][data-to=Done]")).ToHaveAttributeAsync("data-taken", "true");
        var iterations = console.Page.Locator("[data-testid=history-row][data-type=MapIterationSucceeded]");
        await Expect(iterations).ToHaveCountAsync(3);
        foreach (var iteration in await iterations.AllAsync())
        {
            await Expect(iteration.Locator("td").Nth(2)).ToHaveTextAsync("EachItem");
        }

        await Expect(console.Page.Locator("[data-testid=graph-edge][data-from=FanOut][data-to=EachItem]")).ToHaveAttributeAsync("data-taken", "true");
        var outer = await fanOut.Locator("rect.box").First.BoundingBoxAsync();
        var inner = await fanOut.Locator("[data-state=BranchA] rect.box").BoundingBoxAsync();
        Assert.True(inner!.X > outer!.X && inner.Y > outer.Y && inner.X + inner.Width < outer.X + outer.Width && inner.Y + inner.Height < outer.Y + outer.Height, "BranchA is drawn inside FanOut");
        await console.ScreenshotAsync("nested-execution");
    }

    [Fact]
    public async Task Queues_DeadLettersAndAlerts_ListedAndPeekedWithoutHiding()
    {
        var console = await OpenAsync("#/queues");
        await Expect(console.Page.Locator("[data-testid=queue-row]")).ToHaveCountAsync(3);
        var deadLetters = console.Page.Locator("[data-testid=queue-row][data-name=order-saga-dead-letters]");
        await Expect(deadLetters.GetByTestId("queue-count")).ToHaveTextAsync("1");
        await deadLetters.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(console.TestId("message")).ToHaveCountAsync(1);
        await Expect(console.TestId("message-body")).ToContainTextAsync("\"ORD-DLQ-1\"");
        await console.ScreenshotAsync("queue");
        await console.Page.ReloadAsync();
        await Expect(console.TestId("message")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator("dd[data-testid=queue-count]")).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task Tables_Orders_PagedAndShownAsPlainJson()
    {
        var console = await OpenAsync("#/tables");
        var orders = console.Page.Locator("[data-testid=table-row][data-name=orders]");
        await Expect(orders.GetByTestId("item-count")).ToHaveTextAsync("30");
        await orders.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(console.Page.Locator("[data-testid=item-row]")).ToHaveCountAsync(25);
        await Expect(console.Page.Locator("[data-testid=items-table] th").First).ToHaveTextAsync("orderId");
        await console.ScreenshotAsync("table");
        await console.TestId("next-page").ClickAsync();
        await Expect(console.Page.Locator("[data-testid=item-row]")).ToHaveCountAsync(5);
        await Expect(console.TestId("next-page")).ToBeDisabledAsync();
        await console.TestId("toggle-json").ClickAsync();
        var first = console.Page.Locator("[data-testid=item-json]").First;
        await Expect(first).ToContainTextAsync("\"SKU-RED-MUG\"");
        await Expect(first.Locator(".j-num").First).ToHaveTextAsync(new Regex(@"^(25\.5|2)$"));
        await Expect(first).Not.ToContainTextAsync("\"S\"");
        await console.TestId("previous-page").ClickAsync();
        await Expect(console.Page.Locator("[data-testid=item-json]")).ToHaveCountAsync(25);
    }

    [GeneratedRegex(@"^\d+(\.\d+)? (ms|s)$")]
    private static partial Regex DurationText();
}
