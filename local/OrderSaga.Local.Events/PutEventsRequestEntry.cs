namespace OrderSaga.Local.Events;

/// <summary>One entry of a PutEvents request, as received (any field may be missing).</summary>
public sealed record PutEventsRequestEntry(
    string? Source,
    string? DetailType,
    string? Detail,
    string? EventBusName = null,
    IReadOnlyList<string>? Resources = null,
    DateTimeOffset? Time = null,
    string? TraceHeader = null);
