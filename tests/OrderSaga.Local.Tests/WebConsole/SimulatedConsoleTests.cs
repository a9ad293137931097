using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>
/// What the real saga cannot show on the local cloud, on the simulated host: an execution held RUNNING (to stop it,
/// or to watch the page follow it to its end) and a state machine with a Parallel and a Map.
/// </summary>
[Collection(ConsoleGroup.Name)]
public sealed class SimulatedConsoleTests(ConsoleFixture fixture) : IAsyncLifetime
{
    private readonly OpenedPages pages = new(hash => fixture.OpenAsync(hash));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => pages.CloseAllAsync();

    private Task<ConsolePage> OpenAsync(string hash) => pages.OpenAsync(hash);

    private Task<ConsolePage> OpenExecutionAsync(string name, string machine = ConsoleFixture.SagaName) =>
        OpenAsync($"#/executions/{Uri.EscapeDataString(ConsoleFixture.ExecutionArn(name, machine))}");

    private Task<ConsolePage> OpenExecutionsAsync() => OpenAsync($"#/machines/{Uri.EscapeDataString(ConsoleFixture.SagaArn)}");

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
}
