namespace OrderSaga.Local.Templates;

/// <summary>EventBridge's target retry policy; null members take EventBridge's defaults (185 attempts, 86400 seconds).</summary>
internal sealed record TargetRetryPolicy(int? MaximumRetryAttempts, int? MaximumEventAgeInSeconds);
