using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// One execution history event as GetExecutionHistory returns it: <see cref="DetailsName"/> is the member that holds
/// the details (e.g. <c>taskScheduledEventDetails</c>). The event's JSON payload (a state's input or output, a task's
/// parameters), which AWS returns as a string under <see cref="PayloadKey"/>, is kept as the engine's own immutable
/// node and serialised only when someone asks, so recording history costs no serialisation per step. The engine may
/// also defer building <see cref="Details"/> and <see cref="Payload"/> until they are first read.
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
    private readonly DeferredJson? _deferredDetails;
    private readonly DeferredJson? _deferredPayload;
    private JsonObject? _details = Details;
    private JsonNode? _payload = Payload;
    private string? _payloadText;

    internal HistoryEvent(long id, long previousEventId, DateTimeOffset timestamp, string type, string? detailsName, JsonObject? details, string? payloadKey, JsonNode? payload, DeferredJson? deferredDetails, DeferredJson? deferredPayload)
        : this(id, previousEventId, timestamp, type, detailsName, details, payloadKey, payload)
    {
        _deferredDetails = deferredDetails;
        _deferredPayload = deferredPayload;
    }

    public JsonObject? Details
    {
        get
        {
            if (_details is not null || _deferredDetails is null)
            {
                return _details;
            }

            var built = (JsonObject?)_deferredDetails.Build();
            return Interlocked.CompareExchange(ref _details, built, null) ?? built;
        }

        init => _details = value;
    }

    public JsonNode? Payload
    {
        get
        {
            if (_payload is not null || _deferredPayload is null)
            {
                return _payload;
            }

            var built = _deferredPayload.Build();
            return Interlocked.CompareExchange(ref _payload, built, null) ?? built;
        }

        init => _payload = value;
    }

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
        var details = Details;
        if (DetailsName is not null && (details is not null || PayloadKey is not null))
        {
            var copy = (JsonObject?)details?.DeepClone() ?? [];
            if (PayloadKey is not null)
            {
                copy[PayloadKey] = PayloadText;
            }

            obj[DetailsName] = copy;
        }

        return obj;
    }
}
