using System.Collections.Concurrent;

namespace OrderSaga.Local.EventBridge;

/// <summary>
/// The local CloudWatch Logs: log groups (from the template, or created by a caller) and the events written to
/// them. The console shows them and tests read them; <see cref="Snapshot"/> and <see cref="Restore"/> carry them
/// across a restart once persistence exists.
/// </summary>
internal sealed class LogGroupStore(TimeProvider time, string region, string accountId)
{
    private readonly ConcurrentDictionary<string, LogGroup> groups = new(StringComparer.Ordinal);

    public IEnumerable<LogGroup> Groups => groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal);

    /// <summary>Where written events are recorded (the data directory); null keeps them in memory only.</summary>
    public IEventBridgeJournal? Journal { get; init; }

    /// <summary>Raised after an event is written; must be quick (the console listens).</summary>
    public event Action<LogGroup, LogEvent>? EventWritten;

    public LogGroup CreateLogGroup(string name, int? retentionInDays = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return groups.GetOrAdd(name, n => new LogGroup(n, ArnOf(n), time.GetUtcNow(), retentionInDays));
    }

    /// <summary>Finds a group by name or ARN (<c>arn:aws:logs:region:account:log-group:NAME</c>, with or without a trailing <c>:*</c>).</summary>
    public bool TryGet(string nameOrArn, out LogGroup group) => groups.TryGetValue(NameOf(nameOrArn), out group!);

    public LogEvent Write(LogGroup group, string message, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(group);
        var now = time.GetUtcNow();
        var logEvent = new LogEvent((timestamp ?? now).ToUnixTimeMilliseconds(), message, now.ToUnixTimeMilliseconds());
        group.Add(logEvent);
        Journal?.LogWritten(group.Name, logEvent);
        EventWritten?.Invoke(group, logEvent);
        return logEvent;
    }

    public IReadOnlyList<LogGroupSnapshot> Snapshot() =>
        [.. Groups.Select(g => new LogGroupSnapshot(g.Name, g.CreationTime, g.RetentionInDays, g.Events))];

    public void Restore(IEnumerable<LogGroupSnapshot> snapshots)
    {
        ArgumentNullException.ThrowIfNull(snapshots);
        foreach (var snapshot in snapshots)
        {
            var group = new LogGroup(snapshot.Name, ArnOf(snapshot.Name), snapshot.CreationTime, snapshot.RetentionInDays);
            group.AddRange(snapshot.Events);
            groups[snapshot.Name] = group;
        }
    }

    public static string NameOf(string nameOrArn)
    {
        const string marker = ":log-group:";
        var at = nameOrArn.IndexOf(marker, StringComparison.Ordinal);
        if (!nameOrArn.StartsWith("arn:", StringComparison.Ordinal) || at < 0)
        {
            return nameOrArn;
        }

        var name = nameOrArn[(at + marker.Length)..];
        return name.EndsWith(":*", StringComparison.Ordinal) ? name[..^2] : name;
    }

    private string ArnOf(string name) => $"arn:aws:logs:{region}:{accountId}:log-group:{name}";
}
