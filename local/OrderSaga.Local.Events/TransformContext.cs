namespace OrderSaga.Local.Events;

/// <summary>What the predefined template variables <c>&lt;aws.events.*&gt;</c> stand for when an event is delivered.</summary>
public sealed record TransformContext(string RuleArn, string RuleName, string EventBusName, string IngestionTime);
