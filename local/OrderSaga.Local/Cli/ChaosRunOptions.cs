namespace OrderSaga.Local.Cli;

/// <summary>What a chaos run does; <see cref="Tag"/> names its orders and SKUs, so runs that share a cloud keep apart.</summary>
internal sealed record ChaosRunOptions
{
    public required int Orders { get; init; }

    public required int Seed { get; init; }

    /// <summary>The fault rate the cloud was started with; recorded in the report (the cloud, not the driver, injects).</summary>
    public double FaultRate { get; init; }

    /// <summary>Kill and restart the cloud after every this many orders accepted; 0 never.</summary>
    public int RestartEvery { get; init; }

    public required string Tag { get; init; }

    public ChaosMix Mix { get; init; } = new();

    /// <summary>PutEvents calls in flight at once.</summary>
    public int Parallelism { get; init; } = 16;

    /// <summary>How long to wait, after the last order is sent, for every order to end; what is left is reported, not waited for.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Stop waiting early when nothing runs and nothing has changed for this long (e.g. executions lost in a restart).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(45);
}
