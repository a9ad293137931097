namespace OrderSaga.Local.States.Model;


/// <summary>One Retry entry, with AWS's defaults (1 s, 3 attempts, backoff 2.0, no jitter).</summary>
public sealed record Retrier(IReadOnlyList<string> ErrorEquals)
{
    public double IntervalSeconds { get; init; } = 1;

    public int MaxAttempts { get; init; } = 3;

    public double BackoffRate { get; init; } = 2.0;

    public double? MaxDelaySeconds { get; init; }

    public JitterStrategy JitterStrategy { get; init; }
}
