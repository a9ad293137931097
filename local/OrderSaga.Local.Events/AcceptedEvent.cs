namespace OrderSaga.Local.Events;

/// <summary>An accepted entry turned into the event EventBridge routes: its bus and the full envelope JSON.</summary>
public sealed record AcceptedEvent(int EntryIndex, string EventId, string EventBusName, string EventJson);
