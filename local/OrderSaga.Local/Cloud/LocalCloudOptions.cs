namespace OrderSaga.Local.Cloud;

/// <summary>How <c>up</c> (and the tests and the demo) start the local cloud.</summary>
internal sealed record LocalCloudOptions
{
    public const int DefaultPort = 4566;

    /// <summary>Port on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Virtual: Wait states, retry backoff and target retries take no wall time.</summary>
    public bool VirtualClock { get; init; }

    /// <summary>Seed for retry jitter; null for a random one.</summary>
    public int? Seed { get; init; }

    /// <summary>
    /// Folder for the local cloud's state: <c>local-cloud.db</c> (executions and their histories, queue messages, the
    /// archive, log groups, deliveries under way) and dynalite's tables under <c>dynamodb/</c>. Starting again on the same
    /// folder resumes where the last run stopped, even if it was killed. Null keeps everything in memory.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>Random faults to inject into the Task states' calls from the start; null for none.</summary>
    public Chaos.ChaosSettings? Chaos { get; init; }

    /// <summary>The repository: where cdk.json, node_modules and cdk.out are.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>The cloud assembly; defaults to <c>cdk.out</c> in the repository.</summary>
    public string? CloudAssemblyDirectory { get; init; }

    /// <summary>Items to put in the tables at start (inventory); defaults to the seed file that ships with the local cloud.</summary>
    public string? SeedFile { get; init; }

    /// <summary>Run <c>cdk synth</c> when the cloud assembly is missing or older than the sources.</summary>
    public bool SynthesizeIfStale { get; init; } = true;

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    public string CloudAssembly => CloudAssemblyDirectory ?? Path.Combine(RepositoryRoot, "cdk.out");

    public string Seeds => SeedFile ?? Path.Combine(AppContext.BaseDirectory, "Seed", "seed.json");
}
