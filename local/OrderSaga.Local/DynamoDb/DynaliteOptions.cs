namespace OrderSaga.Local.DynamoDb;

internal sealed record DynaliteOptions
{
    /// <summary>dynalite's cli.js, normally <c>&lt;repo&gt;/node_modules/dynalite/cli.js</c>.</summary>
    public required string CliPath { get; init; }

    public string NodePath { get; init; } = "node";

    /// <summary>Folder for dynalite's LevelDB store; null keeps the tables in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Port to listen on (loopback only); 0 picks a free one.</summary>
    public int Port { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static DynaliteOptions ForRepository(string repositoryRoot, string? dataDirectory = null) => new()
    {
        CliPath = Path.Combine(repositoryRoot, "node_modules", "dynalite", "cli.js"),
        DataDirectory = dataDirectory,
    };
}
