using System.Text.Json;

namespace OrderSaga.Local.Events;

/// <summary>
/// A compiled, immutable event pattern (safe to share between threads). Compile once per rule with
/// <see cref="Parse"/> or <see cref="TryParse"/>; match each event, flattened once, with <see cref="Matches(FlatEvent)"/>.
/// </summary>
public sealed class EventPattern
{
    private readonly FieldCondition[][] _branches;

    private EventPattern(string text, FieldCondition[][] branches)
    {
        Text = text;
        _branches = branches;
    }

    /// <summary>The pattern as given.</summary>
    public string Text { get; }

    /// <summary>Dotted field paths the pattern reads (for indexing rules by field).</summary>
    public IReadOnlyCollection<string> FieldPaths => _branches.SelectMany(b => b.Select(f => f.Path)).Distinct(StringComparer.Ordinal).ToArray();

    /// <exception cref="InvalidEventPatternException">The pattern is not valid; the message is AWS's.</exception>
    public static EventPattern Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = PatternCompiler.Compile(text);
        var branches = rules.Select(rule => rule
                .Select(kv => new FieldCondition(kv.Key, kv.Value))
                .OrderBy(f => f.Order)
                .ToArray())
            .ToArray();
        return new EventPattern(text, branches);
    }

    public static bool TryParse(string text, out EventPattern? pattern, out InvalidEventPatternException? error)
    {
        try
        {
            pattern = Parse(text);
            error = null;
            return true;
        }
        catch (InvalidEventPatternException e)
        {
            pattern = null;
            error = e;
            return false;
        }
    }

    /// <summary>
    /// The strings a field must equal in every branch of the pattern, or null when some branch accepts other values
    /// (or does not constrain the field). Lets a rule set skip rules by, for instance, <c>source</c>.
    /// </summary>
    internal IReadOnlySet<string>? RequiredValues(string path)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var branch in _branches)
        {
            var field = Array.Find(branch, f => f.Path == path);
            var values = field?.PlainValues();
            if (values is null)
            {
                return null;
            }

            result.UnionWith(values);
        }

        return result;
    }

    public bool Matches(JsonElement @event) => Matches(FlatEvent.Create(@event));

    public bool Matches(FlatEvent @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        foreach (var branch in _branches)
        {
            if (MatchBranch(branch, @event))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchBranch(FieldCondition[] fields, FlatEvent @event)
    {
        // Without array consistency in play (at most one field reads values inside array elements, and no field
        // accepts absence next to it) the plain per-field check is exact, and it is the common case.
        var arrayFields = 0;
        var absence = false;
        foreach (var field in fields)
        {
            var leaves = @event.Get(field.Path);
            if (field.AcceptsAbsence)
            {
                absence = true;
            }
            else if (!field.MatchesAnywhere(leaves))
            {
                return false;
            }

            if (leaves is not null && InArray(leaves))
            {
                arrayFields++;
            }
        }

        if (arrayFields == 0 || (arrayFields == 1 && !absence))
        {
            if (absence)
            {
                foreach (var field in fields)
                {
                    if (field.AcceptsAbsence && !field.MatchesAnywhere(@event.Get(field.Path)))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        var chosen = new List<ArrayPosition[]>(fields.Length);
        return Choose(fields, 0, @event, chosen);
    }

    private static bool InArray(List<Leaf> leaves)
    {
        foreach (var leaf in leaves)
        {
            if (leaf.Arrays.Length > 0)
            {
                return true;
            }
        }

        return false;
    }

    // Picks, field by field, a matching value consistent with those already picked: two fields may not come from
    // different elements of the same array (AWS's array-consistent matching).
    private static bool Choose(FieldCondition[] fields, int index, FlatEvent @event, List<ArrayPosition[]> chosen)
    {
        if (index == fields.Length)
        {
            return true;
        }

        var field = fields[index];
        var leaves = @event.Get(field.Path);
        var anyConsistent = false;
        if (leaves is not null)
        {
            foreach (var leaf in leaves)
            {
                if (!IsConsistent(leaf.Arrays, chosen))
                {
                    continue;
                }

                anyConsistent = true;
                if (field.MatchesValue(leaf))
                {
                    chosen.Add(leaf.Arrays);
                    var ok = Choose(fields, index + 1, @event, chosen);
                    chosen.RemoveAt(chosen.Count - 1);
                    if (ok)
                    {
                        return true;
                    }
                }
            }
        }

        return field.AcceptsAbsence && !anyConsistent && Choose(fields, index + 1, @event, chosen);
    }

    private static bool IsConsistent(ArrayPosition[] arrays, List<ArrayPosition[]> chosen)
    {
        if (arrays.Length == 0)
        {
            return true;
        }

        foreach (var other in chosen)
        {
            if (!FlatEvent.Consistent(arrays, other))
            {
                return false;
            }
        }

        return true;
    }

    private sealed class FieldCondition
    {
        private readonly ValueMatcher[] _values;

        public FieldCondition(string path, ValueMatcher[] values)
        {
            Path = path;
            _values = values.Where(v => !v.IsAbsence).ToArray();
            AcceptsAbsence = values.Any(v => v.IsAbsence);
        }

        public string Path { get; }

        public string[]? PlainValues()
        {
            if (AcceptsAbsence)
            {
                return null;
            }

            var plain = new string[_values.Length];
            for (var i = 0; i < _values.Length; i++)
            {
                if ((_values[i] as ExactStringMatcher)?.PlainValue is not { } value)
                {
                    return null;
                }

                plain[i] = value;
            }

            return plain;
        }

        public bool AcceptsAbsence { get; }

        // Fields that need a value are placed first so absence is judged against the elements already chosen.
        public int Order => AcceptsAbsence ? 1 : 0;

        public bool MatchesValue(in Leaf leaf)
        {
            foreach (var value in _values)
            {
                if (value.Matches(leaf))
                {
                    return true;
                }
            }

            return false;
        }

        public bool MatchesAnywhere(List<Leaf>? leaves)
        {
            if (leaves is null || leaves.Count == 0)
            {
                return AcceptsAbsence;
            }

            foreach (var leaf in leaves)
            {
                if (MatchesValue(leaf))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
