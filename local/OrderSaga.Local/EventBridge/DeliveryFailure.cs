namespace OrderSaga.Local.EventBridge;

/// <summary>
/// One event that did not reach a target (or a bus), with the same facts a dead-letter message carries, so nothing is
/// lost silently. <see cref="RuleArn"/> and <see cref="TargetArn"/> are empty when the event's bus did not exist.
/// </summary>
internal sealed record DeliveryFailure(
    DateTimeOffset Time,
    string EventId,
    string EventBusName,
    string RuleArn,
    string TargetId,
    string TargetArn,
    string ErrorCode,
    string ErrorMessage,
    int RetryAttempts,
    string? ExhaustedRetryCondition,
    DeliveryFailureOutcome Outcome,
    string? DeadLetterArn,
    string EventJson);
