namespace OrderSaga.Local.Events;

/// <summary>
/// PutEvents' answer. <see cref="RequestError"/> set: the whole request failed (HTTP 400, nothing accepted).
/// Otherwise one <see cref="Entries"/> item per request entry and the events to route in <see cref="Accepted"/>.
/// </summary>
public sealed record PutEventsOutcome(
    AwsError? RequestError,
    IReadOnlyList<PutEventsResultEntry> Entries,
    int FailedEntryCount,
    IReadOnlyList<AcceptedEvent> Accepted);
