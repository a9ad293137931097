using OrderSaga.Local.Events;

namespace OrderSaga.Local.EventBridge;

/// <summary>
/// A rule as the API describes it. <see cref="Pattern"/> is the compiled <see cref="EventPatternText"/>; a rule with
/// only a ScheduleExpression has none, and is listed but never matches a put event.
/// </summary>
internal sealed record RuleDefinition(
    string Name,
    string Arn,
    string EventBusName,
    string? EventPatternText,
    EventPattern? Pattern,
    string? ScheduleExpression,
    RuleState State,
    string? Description,
    string? RoleArn,
    IReadOnlyList<EventTarget> Targets);
