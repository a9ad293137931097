using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Chaos;

/// <summary>
/// Decides, call by call, whether chaos strikes. A decision depends only on the seed, the order (or execution) the
/// call is for, the Task state and how many calls that order already made to that state, never on thread timing,
/// so the same orders meet the same faults in every run with the same seed. Counts what it injected, by kind and by state.
/// </summary>
internal sealed class ChaosInjector
{
    private readonly Lock gate = new();
    private readonly ConcurrentDictionary<string, int> callsPerKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> byKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> byState = new(StringComparer.Ordinal);
    private ChaosSettings? settings;
    private long calls;

    public ChaosSettings? Settings
    {
        get
        {
            lock (gate)
            {
                return settings;
            }
        }
    }

    /// <summary>Turns chaos on with these settings (null turns it off) and starts counting afresh.</summary>
    public void Configure(ChaosSettings? value)
    {
        lock (gate)
        {
            settings = value is { Rate: > 0 } ? value : null;
            callsPerKey.Clear();
            byKind.Clear();
            byState.Clear();
            Interlocked.Exchange(ref calls, 0);
        }
    }

    /// <summary>The fault for this call, or null to let it through; <paramref name="kinds"/> are those the target can suffer.</summary>
    public ChaosFault? Draw(string subject, string stateName, IReadOnlyList<string> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var current = Settings;
        if (current is null || kinds.Count == 0)
        {
            return null;
        }

        Interlocked.Increment(ref calls);
        var key = subject + "\n" + stateName;
        var index = callsPerKey.AddOrUpdate(key, 0, (_, n) => n + 1);
        var basis = Hash(current.Seed, key, index);
        if (Uniform(basis, 1) >= current.Rate)
        {
            return null;
        }

        var kind = kinds[(int)(Uniform(basis, 2) * kinds.Count)];
        var after = kind is ChaosFaultKinds.Timeout or ChaosFaultKinds.Crash && Uniform(basis, 3) < 0.5;
        byKind.AddOrUpdate(kind, 1, (_, n) => n + 1);
        byState.AddOrUpdate(stateName, 1, (_, n) => n + 1);
        return new ChaosFault(kind, after);
    }

    /// <summary>What <c>GET /_local/chaos</c> answers: the settings and the faults injected since they were set.</summary>
    public JsonObject Snapshot()
    {
        var current = Settings;
        var kinds = new JsonObject();
        foreach (var kind in ChaosFaultKinds.All)
        {
            kinds[kind] = byKind.GetValueOrDefault(kind);
        }

        var states = new JsonObject();
        foreach (var (state, count) in byState.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            states[state] = count;
        }

        return new JsonObject
        {
            ["enabled"] = current is not null,
            ["seed"] = current?.Seed,
            ["rate"] = current?.Rate,
            ["calls"] = Interlocked.Read(ref calls),
            ["faultsInjected"] = kinds,
            ["faultsByState"] = states,
        };
    }

    private static ulong Hash(int seed, string key, int index)
    {
        // FNV-1a over the key, then mixed with the seed and the call index: stable across processes and runtimes.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return Mix(hash ^ Mix((ulong)(uint)seed) ^ Mix(((ulong)(uint)index << 32) | 0x9E3779B9UL));
    }

    private static double Uniform(ulong basis, int draw) => (Mix(basis + (ulong)draw * 0x9E3779B97F4A7C15UL) >> 11) * (1.0 / (1UL << 53));

    // SplitMix64's finalizer.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
