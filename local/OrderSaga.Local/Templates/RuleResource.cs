namespace OrderSaga.Local.Templates;

/// <summary>An EventBridge rule; <see cref="EventPattern"/> is the pattern as JSON text, as PutRule takes it.</summary>
internal sealed record RuleResource(
    string LogicalId,
    string Name,
    string Arn,
    string EventBusName,
    string? Description,
    string? EventPattern,
    string? ScheduleExpression,
    string State,
    IReadOnlyList<RuleTarget> Targets) : StackResource(LogicalId, Name, Arn);
