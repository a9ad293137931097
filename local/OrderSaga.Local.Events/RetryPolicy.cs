namespace OrderSaga.Local.Events;

/// <summary>A target's RetryPolicy (AWS defaults: 185 attempts, 24 hours).</summary>
public sealed record RetryPolicy(int MaximumRetryAttempts = 185, int MaximumEventAgeInSeconds = 86400);
