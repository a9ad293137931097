namespace OrderSaga.Local.EventBridge;

/// <summary>A replay of an archive's events in a time range back to the archive's bus, and how far it got.</summary>
internal sealed class EventReplay(
    string name,
    string arn,
    string? description,
    EventArchive archive,
    string destinationArn,
    IReadOnlyList<string>? filterArns,
    DateTimeOffset eventStartTime,
    DateTimeOffset eventEndTime,
    DateTimeOffset replayStartTime)
{
    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public string? Description { get; } = description;

    public EventArchive Archive { get; } = archive;

    public string EventSourceArn => Archive.Arn;

    public string DestinationArn { get; } = destinationArn;

    /// <summary>The rules the events are replayed to; null or empty: every rule of the bus.</summary>
    public IReadOnlyList<string>? FilterArns { get; } = filterArns;

    public DateTimeOffset EventStartTime { get; } = eventStartTime;

    public DateTimeOffset EventEndTime { get; } = eventEndTime;

    public DateTimeOffset ReplayStartTime { get; } = replayStartTime;

    public ReplayState State { get; set; } = ReplayState.Starting;

    public string? StateReason { get; set; }

    public DateTimeOffset? ReplayEndTime { get; set; }

    public DateTimeOffset? EventLastReplayedTime { get; set; }

    public int EventsReplayed { get; set; }
}
