namespace OrderSaga.Workflow;

/// <summary>
/// One exponential-backoff retrier (always with full jitter): <see cref="MaxAttempts"/> retries after the first try,
/// the first after up to <see cref="Interval"/>, each next one <see cref="BackoffRate"/> times longer, never more than <see cref="MaxDelay"/>.
/// </summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Interval, double BackoffRate, TimeSpan MaxDelay)
{
    /// <summary>Whether a crash or a timeout of the task is retried too, not only the integration's transient errors.</summary>
    public bool RetriesCrashesAndTimeouts { get; init; }

    /// <summary>The longest a task can spend waiting between tries before its Catch takes over.</summary>
    public TimeSpan WorstCaseTotalDelay
    {
        get
        {
            var total = TimeSpan.Zero;
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                var delay = Interval * Math.Pow(BackoffRate, attempt);
                total += delay < MaxDelay ? delay : MaxDelay;
            }

            return total;
        }
    }
}
