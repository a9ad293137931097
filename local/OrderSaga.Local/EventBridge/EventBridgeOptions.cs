namespace OrderSaga.Local.EventBridge;

/// <summary>
/// Delivery settings. AWS documents "exponential backoff and jitter" without its constants; these are the local
/// choice: the n-th retry waits between half and all of min(<see cref="RetryBaseDelay"/> * 2^n, <see cref="RetryMaxDelay"/>).
/// </summary>
internal sealed record EventBridgeOptions
{
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Seed for retry jitter; null for a random seed.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>Failure-log entries kept (oldest dropped first; the counters still count them).</summary>
    public int MaxFailureLogEntries { get; init; } = 10_000;
}
