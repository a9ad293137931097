using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Json;

/// <summary>A JSONPath filter (<c>?(@.price &lt; 10 &amp;&amp; @.tag)</c>): comparisons of <c>@</c>-paths with literals, existence tests, and/or.</summary>
internal sealed class FilterExpression
{
    private readonly Func<JsonNode?, bool> _predicate;

    private FilterExpression(Func<JsonNode?, bool> predicate) => _predicate = predicate;

    public bool Matches(JsonNode? item) => _predicate(item);

    public static FilterExpression Parse(string body) => new(ParseOr(body.Trim()));

    private static Func<JsonNode?, bool> ParseOr(string s)
    {
        var parts = SplitTopLevel(s, "||");
        if (parts.Count > 1)
        {
            var ors = parts.Select(ParseAnd).ToArray();
            return n => ors.Any(p => p(n));
        }

        return ParseAnd(s);
    }

    private static Func<JsonNode?, bool> ParseAnd(string s)
    {
        var parts = SplitTopLevel(s, "&&");
        if (parts.Count > 1)
        {
            var ands = parts.Select(p => ParseAtom(p.Trim())).ToArray();
            return n => ands.All(p => p(n));
        }

        return ParseAtom(s.Trim());
    }

    private static Func<JsonNode?, bool> ParseAtom(string s)
    {
        if (s.StartsWith('(') && s.EndsWith(')'))
        {
            return ParseOr(s[1..^1]);
        }

        foreach (var op in new[] { "==", "!=", "<=", ">=", "<", ">" })
        {
            var idx = IndexOutsideQuotes(s, op);
            if (idx > 0)
            {
                var left = Operand(s[..idx].Trim());
                var right = Operand(s[(idx + op.Length)..].Trim());
                return n => Compare(left(n), right(n), op);
            }
        }

        var exists = Operand(s);
        return n => exists(n) is not null;
    }

    private static Func<JsonNode?, JsonNode?> Operand(string s)
    {
        if (s.StartsWith('@'))
        {
            var path = JsonPath.Parse("$" + s[1..]);
            return n => path.TryEvaluate(n, out var r) ? r ?? JsonValue.Create("\0null") : null;
        }

        if (s.StartsWith('\'') && s.EndsWith('\''))
        {
            JsonNode lit = JsonValue.Create(s[1..^1]);
            return _ => lit;
        }

        var parsed = JsonNode.Parse(s);
        return _ => parsed;
    }

    private static bool Compare(JsonNode? a, JsonNode? b, string op)
    {
        if (a is null || b is null)
        {
            return false;
        }

        if (a is JsonValue va && b is JsonValue vb)
        {
            if (va.GetValueKind() == JsonValueKind.Number && vb.GetValueKind() == JsonValueKind.Number)
            {
                var x = JsonValues.ToDouble(va);
                var y = JsonValues.ToDouble(vb);
                return op switch
                {
                    "==" => x == y,
                    "!=" => x != y,
                    "<" => x < y,
                    "<=" => x <= y,
                    ">" => x > y,
                    _ => x >= y,
                };
            }

            if (va.GetValueKind() == JsonValueKind.String && vb.GetValueKind() == JsonValueKind.String)
            {
                var c = string.CompareOrdinal(va.GetValue<string>(), vb.GetValue<string>());
                return op switch
                {
                    "==" => c == 0,
                    "!=" => c != 0,
                    "<" => c < 0,
                    "<=" => c <= 0,
                    ">" => c > 0,
                    _ => c >= 0,
                };
            }
        }

        var eq = JsonNode.DeepEquals(a, b);
        return op switch
        {
            "==" => eq,
            "!=" => !eq,
            _ => false,
        };
    }

    private static List<string> SplitTopLevel(string s, string sep)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        char? quote = null;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0 && string.CompareOrdinal(s, i, sep, 0, sep.Length) == 0)
            {
                parts.Add(s[start..i]);
                start = i + sep.Length;
                i += sep.Length - 1;
            }
        }

        parts.Add(s[start..]);
        return parts;
    }

    private static int IndexOutsideQuotes(string s, string op)
    {
        char? quote = null;
        for (var i = 0; i < s.Length - op.Length + 1; i++)
        {
            var c = s[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (string.CompareOrdinal(s, i, op, 0, op.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"filter");
}
