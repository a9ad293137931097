namespace OrderSaga.Local.EventBridge;

/// <summary>
/// Counters since start. <see cref="Matched"/> counts (event, rule) matches; <see cref="Delivered"/>,
/// <see cref="Failed"/> count target deliveries by their final outcome; <see cref="Retries"/> the extra attempts.
/// </summary>
internal sealed record EventBridgeMetrics(
    long Accepted,
    long Rejected,
    long Matched,
    long Delivered,
    long Failed,
    long Retries,
    long DeadLettered,
    long Dropped,
    long Archived,
    long Replayed);
