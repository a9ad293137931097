using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// One execution history event as GetExecutionHistory returns it: <see cref="DetailsName"/> is the member that holds
/// the details (e.g. <c>taskScheduledEventDetails</c>). The event's JSON payload (a state's input or output, a task's
/// parameters), which AWS returns as a string under <see cref="PayloadKey"/>, is kept as the engine's own immutable
/// node and serialised only when someone asks, so recording history costs no serialisation per step.
/// </summary>
public sealed record HistoryEvent(
    long Id,
    long PreviousEventId,
    DateTimeOffset Timestamp,
    string Type,
    string? DetailsName,
    JsonObject? Details,
    string? PayloadKey = null,
    JsonNode? Payload = null)
{
    private string? _payloadText;

    /// <summary>The payload as AWS returns it: compact JSON text.</summary>
    public string? PayloadText => PayloadKey is null ? null : _payloadText ??= JsonValues.ToText(Payload);

    /// <summary>The event in AWS's JSON shape.</summary>
    public JsonObject ToJson()
    {
        var obj = new JsonObject
        {
            ["timestamp"] = Timestamps.Format(Timestamp),
            ["type"] = Type,
            ["id"] = Id,
            ["previousEventId"] = PreviousEventId,
        };
        if (DetailsName is not null && (Details is not null || PayloadKey is not null))
        {
            var details = (JsonObject?)Details?.DeepClone() ?? [];
            if (PayloadKey is not null)
            {
                details[PayloadKey] = PayloadText;
            }

            obj[DetailsName] = details;
        }

        return obj;
    }
}
