namespace OrderSaga.Local.EventBridge;

/// <summary>One CloudWatch Logs event: milliseconds since the epoch, as the Logs API reports it, and the message.</summary>
internal sealed record LogEvent(long Timestamp, string Message, long IngestionTime);
