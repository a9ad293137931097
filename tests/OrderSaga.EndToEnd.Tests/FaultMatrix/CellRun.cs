using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>What one cell did: the order it sent, the faults it set, and everything observed once the cloud was idle.</summary>
internal sealed record CellRun(
    string State,
    StateFaultKind Fault,
    IReadOnlyList<string> HelperStates,
    OrderCreated Order,
    IReadOnlyDictionary<string, int> InitialStock,
    Execution Execution,
    IReadOnlyList<TaskStep> Path,
    JsonObject? OrderRow,
    IReadOnlyDictionary<string, JsonObject?> InventoryRows,
    JsonObject? PaymentRow,
    IReadOnlyDictionary<string, JsonObject> NotificationRows,
    IReadOnlyList<JsonObject> BusEvents,
    IReadOnlyList<JsonObject> Alerts,
    IReadOnlyList<JsonObject> DeadLetters,
    IReadOnlyList<JsonObject> RejectedOrders)
{
    public TaskStep? StepOf(string state) => Path.FirstOrDefault(s => s.State == state);

    public int IndexOf(string state) => Path.ToList().FindIndex(s => s.State == state);

    public IReadOnlyList<string> DetailTypes => [.. BusEvents.Select(e => SagaDriver.Text(e["detail-type"]) ?? "?")];
}
