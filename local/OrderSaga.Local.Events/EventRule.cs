namespace OrderSaga.Local.Events;

/// <summary>A rule on a bus: its compiled pattern and its targets (each with its retry policy and dead-letter queue).</summary>
public sealed record EventRule(string Name, string Arn, EventPattern Pattern, IReadOnlyList<EventTarget> Targets, RuleState State = RuleState.Enabled);
