namespace OrderSaga.Local.EventBridge;

/// <summary>A log group and its events, in the order they were written.</summary>
internal sealed class LogGroup(string name, string arn, DateTimeOffset creationTime, int? retentionInDays)
{
    private readonly Lock gate = new();
    private readonly List<LogEvent> events = [];

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public DateTimeOffset CreationTime { get; } = creationTime;

    public int? RetentionInDays { get; } = retentionInDays;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return events.Count;
            }
        }
    }

    public IReadOnlyList<LogEvent> Events
    {
        get
        {
            lock (gate)
            {
                return [.. events];
            }
        }
    }

    public void Add(LogEvent logEvent)
    {
        lock (gate)
        {
            events.Add(logEvent);
        }
    }

    public void AddRange(IEnumerable<LogEvent> logEvents)
    {
        lock (gate)
        {
            events.AddRange(logEvents);
        }
    }
}
