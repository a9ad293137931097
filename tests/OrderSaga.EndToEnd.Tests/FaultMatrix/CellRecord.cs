using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>The golden form of a cell: readable, with every run-specific value replaced by a placeholder.</summary>
internal static class CellRecord
{
    public static JsonObject ToJson(CellRun run, string outcome)
    {
        var skus = run.InventoryRows.Keys.ToList();
        var normalizer = new Normalizer(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [run.Order.OrderId] = "<orderId>",
            [skus[0]] = "<skuA>",
            [skus[1]] = "<skuB>",
        });

        var faults = new JsonObject();
        foreach (var helper in run.HelperStates)
        {
            faults[helper] = "non-retryable on every attempt (routes the order to the cell's state)";
        }

        faults[run.State] = $"{StateFaultPlan.NameOf(run.Fault)} on the next attempt";

        var inventory = new JsonObject();
        for (var i = 0; i < skus.Count; i++)
        {
            inventory[i == 0 ? "<skuA>" : "<skuB>"] = run.InventoryRows[skus[i]] is { } row ? normalizer.Item(row) : null;
        }

        return new JsonObject
        {
            ["cell"] = $"{run.State} × {StateFaultPlan.NameOf(run.Fault)}",
            ["faults"] = faults,
            ["outcome"] = outcome,
            ["execution"] = new JsonObject
            {
                ["status"] = run.Execution.Status.ToString(),
                ["error"] = run.Execution.Error,
                ["cause"] = run.Execution.Cause is { } cause ? normalizer.Text(cause) : null,
            },
            ["path"] = new JsonArray([.. run.Path.Select(s => (JsonNode)JsonValue.Create(s.ToString()))]),
            ["tables"] = new JsonObject
            {
                ["orders"] = run.OrderRow is { } order ? normalizer.Item(order) : null,
                ["inventory"] = inventory,
                ["payments"] = run.PaymentRow is { } payment ? normalizer.Item(payment) : null,
                ["notifications"] = new JsonArray([.. run.NotificationRows.OrderBy(n => n.Key, StringComparer.Ordinal).Select(n => (JsonNode)normalizer.Item(n.Value))]),
            },
            ["events"] = Events(run.BusEvents, normalizer),
            ["queues"] = new JsonObject
            {
                ["alerts"] = Events(run.Alerts, normalizer),
                ["deadLetters"] = Events(run.DeadLetters, normalizer),
                ["rejectedOrders"] = Events(run.RejectedOrders, normalizer),
            },
        };
    }

    private static JsonArray Events(IEnumerable<JsonObject> events, Normalizer normalizer) =>
        new([.. events.Select(e => (JsonNode)new JsonObject
        {
            ["source"] = SagaDriver.Text(e["source"]),
            ["detail-type"] = SagaDriver.Text(e["detail-type"]),
            ["detail"] = normalizer.Node(e["detail"]),
        })]);
}
