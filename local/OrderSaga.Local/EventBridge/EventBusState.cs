using System.Collections.Concurrent;
using OrderSaga.Local.Events;

namespace OrderSaga.Local.EventBridge;

/// <summary>A bus: the engine's bus (which matches) plus the rules as the API lists them.</summary>
internal sealed class EventBusState(EventBus bus, DateTimeOffset creationTime)
{
    public EventBus Bus { get; } = bus;

    public string Name => Bus.Name;

    public string Arn => Bus.Arn;

    public DateTimeOffset CreationTime { get; } = creationTime;

    public ConcurrentDictionary<string, RuleDefinition> Rules { get; } = new(StringComparer.Ordinal);
}
