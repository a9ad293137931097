using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// Where an execution can resume after its host restarts: the last top-level state it entered, the input it entered it
/// with, and the top-level workflow variables as they stood. A Parallel or Map resumes as a whole, as a redrive does.
/// </summary>
public sealed record ExecutionCheckpoint(string StateName, JsonNode? Input, JsonObject Variables);
