using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>
/// Faults injected over a whole run: the cloud counts from its start, so the runner adds up what each life of the
/// cloud reported (read just before each kill, and at the end).
/// </summary>
internal sealed class ChaosFaultTally
{
    public SortedDictionary<string, long> ByKind { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> ByState { get; } = new(StringComparer.Ordinal);

    /// <summary>Lambda invocations and DynamoDB calls chaos considered.</summary>
    public long Calls { get; private set; }

    public bool Enabled { get; private set; }

    public long Total => ByKind.Values.Sum();

    public void Add(JsonObject? snapshot)
    {
        if (snapshot is null)
        {
            return;
        }

        Enabled |= snapshot["enabled"]?.GetValue<bool>() == true;
        Calls += snapshot["calls"]?.GetValue<long>() ?? 0;
        AddAll(ByKind, snapshot["faultsInjected"] as JsonObject);
        AddAll(ByState, snapshot["faultsByState"] as JsonObject);
    }

    private static void AddAll(SortedDictionary<string, long> totals, JsonObject? counts)
    {
        foreach (var (name, value) in counts ?? [])
        {
            totals[name] = totals.GetValueOrDefault(name) + (value?.GetValue<long>() ?? 0);
        }
    }
}
