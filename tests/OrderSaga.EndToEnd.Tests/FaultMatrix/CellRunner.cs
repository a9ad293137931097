using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// Runs one cell on the shared local cloud: a fresh order with its own two SKUs, the helper faults that route it to
/// the cell's state, and the cell's fault on that state's next attempt. The faults are cleared whatever happens, since
/// the plan is shared with every other test.
/// </summary>
internal static class CellRunner
{
    public const int StockPerSku = 5;

    private static readonly string[] TaskResultEvents = ["TaskSucceeded", "LambdaFunctionSucceeded"];

    private static readonly string[] TaskErrorEvents =
        ["TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed", "LambdaFunctionFailed", "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed"];

    public static async Task<CellRun> RunAsync(SagaDriver saga, string state, StateFaultKind fault, IReadOnlyList<string> helperStates)
    {
        var unique = Guid.NewGuid().ToString("N")[..10];
        var skuA = $"SKU-FM-A-{unique}";
        var skuB = $"SKU-FM-B-{unique}";
        await saga.PutStockAsync(skuA, StockPerSku);
        await saga.PutStockAsync(skuB, StockPerSku);
        var order = new OrderCreated(
            $"ORD-FM-{unique}",
            "CUST-FM",
            "ada@example.com",
            "USD",
            [new OrderItem(skuA, 2, 12.50m), new OrderItem(skuB, 1, 5.00m)],
            30.00m,
            new PaymentDetails("card", "tok_visa"));

        var faults = saga.Cloud.StateFaults;
        Execution execution;
        try
        {
            foreach (var helper in helperStates)
            {
                faults.Add(helper, StateFaultKind.NonRetryable);
            }

            faults.Add(state, fault, times: 1);
            execution = await saga.RunAsync(order);
        }
        finally
        {
            faults.Clear();
        }

        var inventory = new Dictionary<string, JsonObject?>(StringComparer.Ordinal)
        {
            [skuA] = await saga.InventoryAsync(skuA),
            [skuB] = await saga.InventoryAsync(skuB),
        };
        return new CellRun(
            state,
            fault,
            helperStates,
            order,
            new Dictionary<string, int>(StringComparer.Ordinal) { [skuA] = StockPerSku, [skuB] = StockPerSku },
            execution,
            PathOf(execution),
            await saga.OrderAsync(order.OrderId),
            inventory,
            await saga.PaymentAsync(order.OrderId),
            await saga.NotificationsAsync(order.OrderId),
            [.. saga.AuditEvents().Where(e => SagaDriver.Text(e["detail"]?[TableAttributes.Orders.OrderId]) == order.OrderId)],
            saga.QueueEventsFor(SagaAssert.AlertsQueue, order.OrderId),
            saga.QueueEventsFor(SagaAssert.DeadLetterQueue, order.OrderId),
            saga.QueueEventsFor(SagaAssert.RejectedOrdersQueue, order.OrderId));
    }

    /// <summary>The states entered, in order, each Task state with the outcome of every attempt (so retries are counted).</summary>
    public static IReadOnlyList<TaskStep> PathOf(Execution execution)
    {
        var steps = new List<(string State, List<string> Attempts)>();
        foreach (var e in execution.History)
        {
            if (e.DetailsName == "stateEnteredEventDetails")
            {
                steps.Add((SagaDriver.Text(e.Details?["name"]) ?? "?", []));
            }
            else if (steps.Count > 0 && TaskResultEvents.Contains(e.Type))
            {
                steps[^1].Attempts.Add(TaskStep.Ok);
            }
            else if (steps.Count > 0 && TaskErrorEvents.Contains(e.Type))
            {
                steps[^1].Attempts.Add(SagaDriver.Text(e.Details?["error"]) ?? e.Type);
            }
        }

        return [.. steps.Select(s => new TaskStep(s.State, s.Attempts))];
    }
}
