using System.CommandLine;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary>The options shared by the commands that start a local cloud (<c>up</c>, <c>demo</c>).</summary>
internal sealed class CloudOptions(bool virtualByDefault = false)
{
    private readonly Option<int> port = new("--port") { Description = "Port on 127.0.0.1 for the AWS-compatible endpoint and the console.", DefaultValueFactory = _ => LocalCloudOptions.DefaultPort };
    private readonly Option<string> clock = new("--clock") { Description = "real, or virtual: Wait states and retry backoff take no wall time.", DefaultValueFactory = _ => virtualByDefault ? "virtual" : "real" };
    private readonly Option<int?> seed = new("--seed") { Description = "Seed for retry jitter, so runs repeat." };
    private readonly Option<DirectoryInfo?> dataDir = new("--data-dir") { Description = "Keep the local cloud's state (executions, queues, archive, logs, DynamoDB tables) in this folder; starting again on it resumes where it stopped, even after a kill." };
    private readonly Option<int?> chaosSeed = new("--chaos-seed") { Description = "Seed of the random faults --chaos-rate injects (default: --seed, else 0)." };
    private readonly Option<double> chaosRate = new("--chaos-rate") { Description = "Probability (0-1) that each Lambda invocation or DynamoDB call of a Task state fails: error, timeout, crash or throttling. GET /_local/chaos counts them." };
    private readonly Option<FileInfo?> seedFile = new("--seed-file") { Description = "Items to load into the tables at start (default: the inventory seed that ships)." };

    public void AddTo(Command command)
    {
        clock.AcceptOnlyFromAmong("real", "virtual");
        command.Options.Add(port);
        command.Options.Add(clock);
        command.Options.Add(seed);
        command.Options.Add(dataDir);
        command.Options.Add(seedFile);
        chaosRate.Validators.Add(r =>
        {
            if (Chaos.ChaosSettings.Validate(r.GetValueOrDefault<double>()) is { } error)
            {
                r.AddError($"--chaos-rate: {error}.");
            }
        });
        command.Options.Add(chaosSeed);
        command.Options.Add(chaosRate);
    }

    public LocalCloudOptions Read(ParseResult result) => new()
    {
        Port = result.GetValue(port),
        VirtualClock = result.GetValue(clock) == "virtual",
        Seed = result.GetValue(seed),
        DataDirectory = result.GetValue(dataDir)?.FullName,
        SeedFile = result.GetValue(seedFile)?.FullName,
        Chaos = result.GetValue(chaosRate) is > 0 and var rate ? new Chaos.ChaosSettings(result.GetValue(chaosSeed) ?? result.GetValue(seed) ?? 0, rate) : null,
        RepositoryRoot = RepositoryLocator.Find(),
    };
}
