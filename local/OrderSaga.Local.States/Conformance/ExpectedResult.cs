using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Conformance;

/// <summary>What AWS recorded for a case.</summary>
public sealed record ExpectedResult(
    string Status,
    JsonNode? Output,
    string? OutputText,
    JsonNode? Error,
    JsonNode? Cause,
    bool CauseIsJsonText,
    bool OutputMasked,
    IReadOnlyList<string>? HistoryEventTypes);
