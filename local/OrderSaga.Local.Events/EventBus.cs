using System.Collections.Frozen;

namespace OrderSaga.Local.Events;

/// <summary>
/// A bus and its rules. Reads take an immutable snapshot, so matching never locks; changes rebuild the snapshot,
/// including an index of rules by the <c>source</c> values they require, so an event is only tested against the
/// rules that could match its source.
/// </summary>
public sealed class EventBus(string name, string arn)
{
    private const string SourceField = "source";
    private readonly Lock _gate = new();
    private Snapshot _snapshot = Snapshot.Build([]);

    public string Name { get; } = name;

    public string Arn { get; } = arn;

    public IReadOnlyList<EventRule> Rules => _snapshot.Rules;

    /// <summary>Adds the rule, or replaces the rule of the same name.</summary>
    public void PutRule(EventRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            var rules = _snapshot.Rules.Where(r => r.Name != rule.Name).Append(rule).ToArray();
            _snapshot = Snapshot.Build(rules);
        }
    }

    public bool RemoveRule(string ruleName)
    {
        lock (_gate)
        {
            var rules = _snapshot.Rules.Where(r => r.Name != ruleName).ToArray();
            var removed = rules.Length != _snapshot.Rules.Length;
            _snapshot = Snapshot.Build(rules);
            return removed;
        }
    }

    /// <summary>The enabled rules whose pattern matches the event, in the order they were added.</summary>
    public IReadOnlyList<EventRule> Match(FlatEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var snapshot = _snapshot;
        List<int>? matched = null;
        Consider(snapshot.Unindexed);
        var sources = @event.Get(SourceField);
        if (sources is not null)
        {
            foreach (var leaf in sources)
            {
                if (leaf.Kind == LeafKind.String && snapshot.BySource.TryGetValue(leaf.Text, out var candidates))
                {
                    Consider(candidates);
                }
            }
        }

        if (matched is null)
        {
            return [];
        }

        matched.Sort();
        var result = new List<EventRule>(matched.Count);
        for (var i = 0; i < matched.Count; i++)
        {
            // An event with several source values can reach a rule through more than one of them.
            if (i == 0 || matched[i] != matched[i - 1])
            {
                result.Add(snapshot.Rules[matched[i]]);
            }
        }

        return result;

        void Consider(int[] candidates)
        {
            foreach (var index in candidates)
            {
                var rule = snapshot.Rules[index];
                if (rule.State == RuleState.Enabled && rule.Pattern.Matches(@event))
                {
                    (matched ??= []).Add(index);
                }
            }
        }
    }

    private sealed record Snapshot(EventRule[] Rules, int[] Unindexed, FrozenDictionary<string, int[]> BySource)
    {
        public static Snapshot Build(EventRule[] rules)
        {
            var unindexed = new List<int>();
            var bySource = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var i = 0; i < rules.Length; i++)
            {
                var sources = rules[i].Pattern.RequiredValues(SourceField);
                if (sources is null)
                {
                    unindexed.Add(i);
                    continue;
                }

                foreach (var source in sources)
                {
                    if (!bySource.TryGetValue(source, out var list))
                    {
                        bySource[source] = list = [];
                    }

                    list.Add(i);
                }
            }

            return new Snapshot(
                rules,
                [.. unindexed],
                bySource.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
