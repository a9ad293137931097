using System.Diagnostics;
using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// <c>executions redrive</c> as a user runs it: the built command-line program against the running local cloud's
/// endpoint, so the parsing, the order-id lookup and the exit code are what ships.
/// </summary>
[Collection(LocalCloudGroup.Name)]
public sealed class RedriveCommandTests(LocalCloudFixture fixture)
{
    private readonly SagaDriver saga = fixture.Driver;

    /// <summary>
    /// A declined order ends in the OrderCancelled Fail state; AWS redrives "from the unsuccessful step", so the redrive
    /// reruns only that Fail state: the execution fails again, counted once, and no task (charge, release) runs twice.
    /// </summary>
    [Fact]
    public async Task Redrive_CancelledOrderById_RerunsFromFailStateWithoutRepeatingEffects()
    {
        var sku = SagaDriver.NewSku("redrive-cli");
        await saga.PutStockAsync(sku, 3);
        var order = SagaDriver.NewOrder("tok_chargeDeclined", new OrderItem(sku, 1, 12m));
        var execution = await saga.RunAsync(order);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var tasksBefore = execution.History.Count(e => e.Type == "TaskScheduled");

        var (exitCode, output, errors) = await RunCliAsync("executions", "redrive", order.OrderId, "--wait", "--endpoint", fixture.Cloud.Endpoint.ToString());

        Assert.True(exitCode == 1, $"exit {exitCode}; a redrive that fails again exits 1 with --wait.{Environment.NewLine}{output}{errors}");
        Assert.Contains($"Redriven  {execution.Arn}", output, StringComparison.Ordinal);
        Assert.Contains("(redrive 1)", output, StringComparison.Ordinal);
        Assert.Contains("Status    FAILED", output, StringComparison.Ordinal);
        Assert.Equal(1, execution.RedriveCount);
        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        var redriven = execution.History.SkipWhile(e => e.Type != "ExecutionRedriven").Select(e => e.Type).ToList();
        Assert.Equal(["ExecutionRedriven", "FailStateEntered", "ExecutionFailed"], redriven);
        Assert.Equal(tasksBefore, execution.History.Count(e => e.Type == "TaskScheduled"));
        Assert.Equal(3m, SagaDriver.Decimal(await saga.InventoryAsync(sku), TableAttributes.Inventory.Available));
    }

    [Fact]
    public async Task Redrive_UnknownOrder_ExitsOneAndSaysWhy()
    {
        var (exitCode, _, errors) = await RunCliAsync("executions", "redrive", "ORD-NEVER-PLACED", "--endpoint", fixture.Cloud.Endpoint.ToString());

        Assert.Equal(1, exitCode);
        Assert.Contains("no execution", errors, StringComparison.Ordinal);
        Assert.Contains("ORD-NEVER-PLACED", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_SucceededExecution_ExitsOneWithAwsReason()
    {
        var sku = SagaDriver.NewSku("redrive-ok");
        await saga.PutStockAsync(sku, 2);
        var order = SagaDriver.NewOrder("tok_visa", new OrderItem(sku, 1, 3m));
        var execution = await saga.RunAsync(order);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);

        var (exitCode, _, errors) = await RunCliAsync("executions", "redrive", execution.Arn, "--endpoint", fixture.Cloud.Endpoint.ToString());

        Assert.Equal(1, exitCode);
        Assert.Contains("ExecutionNotRedrivable", errors, StringComparison.Ordinal);
        Assert.Contains("Execution is SUCCEEDED and cannot be redriven.", errors, StringComparison.Ordinal);
        Assert.Equal(0, execution.RedriveCount);
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OrderSaga.Local.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await errors);
    }
}
