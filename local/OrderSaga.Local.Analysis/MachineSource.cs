using System.Text.Json.Nodes;

namespace OrderSaga.Local.Analysis;

/// <summary>One state machine definition to verify: its name, where it came from, and its ASL as JSON.</summary>
public sealed record MachineSource(string Name, string Origin, JsonNode Definition);
