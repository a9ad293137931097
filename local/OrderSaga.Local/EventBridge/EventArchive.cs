using OrderSaga.Local.Events;

namespace OrderSaga.Local.EventBridge;

/// <summary>An archive of one bus: every event put on the bus that matches its pattern (all of them without one).</summary>
internal sealed class EventArchive(
    string name,
    string arn,
    string eventSourceArn,
    string eventBusName,
    string? description,
    string? eventPatternText,
    EventPattern? pattern,
    int retentionDays,
    DateTimeOffset creationTime)
{
    private readonly Lock gate = new();
    private readonly List<ArchivedEvent> events = [];

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public string EventSourceArn { get; } = eventSourceArn;

    public string EventBusName { get; } = eventBusName;

    public string? Description { get; } = description;

    public string? EventPatternText { get; } = eventPatternText;

    public EventPattern? Pattern { get; } = pattern;

    /// <summary>0 keeps events indefinitely, as in EventBridge.</summary>
    public int RetentionDays { get; } = retentionDays;

    public DateTimeOffset CreationTime { get; } = creationTime;

    public string State { get; } = "ENABLED";

    public void Add(ArchivedEvent archived)
    {
        lock (gate)
        {
            events.Add(archived);
        }
    }

    /// <summary>The events still retained at <paramref name="now"/>, oldest first; expired ones are let go.</summary>
    public IReadOnlyList<ArchivedEvent> Events(DateTimeOffset now)
    {
        lock (gate)
        {
            if (RetentionDays > 0)
            {
                events.RemoveAll(e => now - e.ArchivedAt > TimeSpan.FromDays(RetentionDays));
            }

            return [.. events];
        }
    }
}
