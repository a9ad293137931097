using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// Where a redrive restarts: the last top-level state entered, the input it was entered with and the top-level variables
/// as they stood. A state inside a Parallel or Map is not tracked: the redrive reruns the whole top-level Parallel or Map.
/// </summary>
internal sealed record RedrivePoint(string StateName, JsonNode? Input, VariableScope Variables);
