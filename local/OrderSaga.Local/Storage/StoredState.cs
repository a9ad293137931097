using OrderSaga.Local.EventBridge;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Storage;

/// <summary>Everything a data directory's database held when the local cloud started.</summary>
internal sealed record StoredState(
    IReadOnlyList<ExecutionSnapshot> Executions,
    IReadOnlyList<StoredMessage> Messages,
    IReadOnlyList<(string Archive, ArchivedEvent Event)> ArchivedEvents,
    IReadOnlyList<(string Group, LogEvent Event)> LogEvents,
    IReadOnlyList<PendingDelivery> Deliveries,
    DateTimeOffset? LatestTimestamp,
    bool Seeded);
