using System.CommandLine;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary>The options shared by the commands that start a local cloud (<c>up</c>, <c>demo</c>).</summary>
internal sealed class CloudOptions(bool virtualByDefault = false)
{
    private readonly Option<int> port = new("--port") { Description = "Port on 127.0.0.1 for the AWS-compatible endpoint and the console.", DefaultValueFactory = _ => LocalCloudOptions.DefaultPort };
    private readonly Option<string> clock = new("--clock") { Description = "real, or virtual: Wait states and retry backoff take no wall time.", DefaultValueFactory = _ => virtualByDefault ? "virtual" : "real" };
    private readonly Option<int?> seed = new("--seed") { Description = "Seed for retry jitter, so runs repeat." };
    private readonly Option<DirectoryInfo?> dataDir = new("--data-dir") { Description = "Keep DynamoDB data in this folder instead of in memory." };
    private readonly Option<FileInfo?> seedFile = new("--seed-file") { Description = "Items to load into the tables at start (default: the inventory seed that ships)." };

    public void AddTo(Command command)
    {
        clock.AcceptOnlyFromAmong("real", "virtual");
        command.Options.Add(port);
        command.Options.Add(clock);
        command.Options.Add(seed);
        command.Options.Add(dataDir);
        command.Options.Add(seedFile);
    }

    public LocalCloudOptions Read(ParseResult result) => new()
    {
        Port = result.GetValue(port),
        VirtualClock = result.GetValue(clock) == "virtual",
        Seed = result.GetValue(seed),
        DataDirectory = result.GetValue(dataDir)?.FullName,
        SeedFile = result.GetValue(seedFile)?.FullName,
        RepositoryRoot = RepositoryLocator.Find(),
    };
}
