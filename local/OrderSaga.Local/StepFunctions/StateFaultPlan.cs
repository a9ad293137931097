namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// Faults aimed at Task states by name rather than at the function or table behind them: the payment function serves
/// both ChargePayment and RefundPayment, so only a fault on the state can fail a refund without failing the charge.
/// Each fault applies to the next N attempts of the state (or to all of them), in the order the faults were added.
/// </summary>
internal sealed class StateFaultPlan
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<Entry>> entries = new(StringComparer.Ordinal);

    /// <summary>The names the endpoint accepts for each kind.</summary>
    public static IReadOnlyDictionary<string, StateFaultKind> KindNames { get; } = new Dictionary<string, StateFaultKind>(StringComparer.Ordinal)
    {
        ["transient"] = StateFaultKind.Transient,
        ["non-retryable"] = StateFaultKind.NonRetryable,
        ["timeout"] = StateFaultKind.Timeout,
        ["crash"] = StateFaultKind.Crash,
    };

    public static string NameOf(StateFaultKind kind) => KindNames.First(k => k.Value == kind).Key;

    /// <summary>Adds a fault for the next <paramref name="times"/> attempts of the state, or for every attempt when null.</summary>
    public StateFaultPlan Add(string stateName, StateFaultKind kind, int? times = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentOutOfRangeException.ThrowIfLessThan(times ?? 1, 1, nameof(times));
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a state fault kind");
        }

        lock (gate)
        {
            if (!entries.TryGetValue(stateName, out var list))
            {
                entries[stateName] = list = [];
            }

            list.Add(new Entry(kind, times));
        }

        return this;
    }

    public void Clear(string? stateName = null)
    {
        lock (gate)
        {
            if (stateName is null)
            {
                entries.Clear();
            }
            else
            {
                entries.Remove(stateName);
            }
        }
    }

    /// <summary>The fault for this attempt of the state, counted against its remaining times; null to run the attempt normally.</summary>
    public StateFaultKind? TakeFault(string stateName)
    {
        lock (gate)
        {
            if (!entries.TryGetValue(stateName, out var list) || list.Count == 0)
            {
                return null;
            }

            var entry = list[0];
            if (entry.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    list.RemoveAt(0);
                    if (list.Count == 0)
                    {
                        entries.Remove(stateName);
                    }
                }
                else
                {
                    list[0] = entry with { Remaining = remaining - 1 };
                }
            }

            return entry.Kind;
        }
    }

    private sealed record Entry(StateFaultKind Kind, int? Remaining);
}
