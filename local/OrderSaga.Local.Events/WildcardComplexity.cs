using System.Text;

namespace OrderSaga.Local.Events;

/// <summary>
/// AWS refuses a rule whose wildcard values for one field could keep too many partial matches alive at once
/// ("Rule is too complex"). Following AWS's matcher, the wildcard values of a field share one byte machine: the
/// literal prefix before the first '*' is shared, each '*' loops on any byte, and the complexity is the largest
/// number of value-weighted states a single input can keep active. More than <see cref="Limit"/> is refused.
/// </summary>
internal static class WildcardComplexity
{
    public const int Limit = 10;
    private const int Star = 256;

    /// <param name="terms">Each pattern value of the field (its identity) with the wildcard strings it compiles to.</param>
    public static int Evaluate(IReadOnlyList<(string Identity, IReadOnlyList<string> Wildcards)> terms)
    {
        var states = new List<State> { new() };
        var matches = new Dictionary<string, int>(StringComparer.Ordinal);
        var alphabet = new HashSet<int>();
        foreach (var (identity, wildcards) in terms)
        {
            foreach (var wildcard in wildcards)
            {
                AddPath(states, matches, alphabet, identity, Tokens(wildcard));
            }
        }

        return states.Count == 1 ? 0 : Simulate(states, alphabet);
    }

    private static void AddPath(List<State> states, Dictionary<string, int> matches, HashSet<int> alphabet, string identity, List<int> tokens)
    {
        var current = 0;
        var previous = -1;
        var shared = true;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var terminal = i == tokens.Count - 1;
            var wasShared = shared;
            var next = 0;
            if (terminal)
            {
                next = matches.GetValueOrDefault(identity);
            }
            else if (token == Star)
            {
                next = shared ? states[current].StarState : 0;
                shared = false;
            }
            else if (shared)
            {
                next = states[current].Prefix.GetValueOrDefault(token);
            }

            var created = next == 0;
            if (created)
            {
                next = states.Count;
                states.Add(new State());
                if (terminal)
                {
                    matches[identity] = next;
                }
                else if (token == Star)
                {
                    if (wasShared)
                    {
                        states[current].StarState = next;
                    }
                }
                else if (shared)
                {
                    states[current].Prefix[token] = next;
                }
            }

            if (token == Star)
            {
                if (states[next].Any.Count == 0)
                {
                    states[current].Any.Add(next);
                    states[next].Any.Add(next);
                }
            }
            else if (terminal || created)
            {
                alphabet.Add(token);
                states[current].Literal(token).Add(next);
                if (i > 0 && tokens[i - 1] == Star)
                {
                    // A '*' may match nothing, so the byte after it is also reachable from before it.
                    states[previous].Literal(token).Add(next);
                }
            }

            states[next].Weight.Add(identity);
            previous = current;
            current = next;
        }
    }

    private static int Simulate(List<State> states, HashSet<int> alphabet)
    {
        var bytes = new List<int> { Star };
        bytes.AddRange(alphabet);
        var pending = new Stack<int[]>();
        pending.Push([0]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var maximum = 0;
        var next = new HashSet<int>();
        while (pending.Count > 0)
        {
            var active = pending.Pop();
            foreach (var b in bytes)
            {
                next.Clear();
                foreach (var id in active)
                {
                    next.UnionWith(states[id].Any);
                    if (b != Star && states[id].Literals?.TryGetValue(b, out var targets) == true)
                    {
                        next.UnionWith(targets);
                    }
                }

                if (next.Count == 0)
                {
                    continue;
                }

                var complexity = 0;
                foreach (var id in next)
                {
                    complexity += states[id].Weight.Count;
                    foreach (var loop in states[id].Any)
                    {
                        if (!next.Contains(loop))
                        {
                            complexity += states[loop].Weight.Count;
                        }
                    }
                }

                if (complexity > Limit)
                {
                    return complexity;
                }

                maximum = Math.Max(maximum, complexity);
                var sorted = next.Order().ToArray();
                if (seen.Add(string.Join(',', sorted)))
                {
                    pending.Push(sorted);
                }
            }
        }

        return maximum;
    }

    // The value as AWS's matcher sees it: UTF-8 bytes between quotes, escapes resolved, '*' as a wildcard.
    private static List<int> Tokens(string wildcard)
    {
        var bytes = Encoding.UTF8.GetBytes(wildcard);
        var tokens = new List<int>(bytes.Length + 2) { '"' };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '*')
            {
                tokens.Add(Star);
            }
            else if (bytes[i] == '\\' && i + 1 < bytes.Length)
            {
                tokens.Add(bytes[++i]);
            }
            else
            {
                tokens.Add(bytes[i]);
            }
        }

        tokens.Add('"');
        return tokens;
    }

    private sealed class State
    {
        public Dictionary<int, List<int>>? Literals { get; private set; }

        public List<int> Any { get; } = [];

        public HashSet<string> Weight { get; } = new(StringComparer.Ordinal);

        public Dictionary<int, int> Prefix { get; } = [];

        public int StarState { get; set; }

        public List<int> Literal(int token)
        {
            Literals ??= [];
            if (!Literals.TryGetValue(token, out var list))
            {
                Literals[token] = list = [];
            }

            return list;
        }
    }
}
