namespace OrderSaga.Local.EventBridge;

/// <summary>A log group as plain data, for saving and restoring the store.</summary>
internal sealed record LogGroupSnapshot(string Name, DateTimeOffset CreationTime, int? RetentionInDays, IReadOnlyList<LogEvent> Events);
