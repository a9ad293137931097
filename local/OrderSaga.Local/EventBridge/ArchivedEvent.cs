namespace OrderSaga.Local.EventBridge;

/// <summary>An event as an archive keeps it: the envelope's <c>time</c> (what a replay selects on), when it was archived, and the envelope.</summary>
internal sealed record ArchivedEvent(DateTimeOffset EventTime, DateTimeOffset ArchivedAt, string EventJson, int SizeBytes);
