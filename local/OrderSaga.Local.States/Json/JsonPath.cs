using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Json;

/// <summary>Which value a path starts from: the state input (<c>$</c>), the context object (<c>$$</c>) or a variable (<c>$name</c>).</summary>
public enum JsonPathRoot
{
    Input,
    Context,
    Variable,
}

/// <summary>
/// A JSONPath compiled once (the Jayway flavour Step Functions uses): names, indexes, wildcards, slices,
/// unions, deep scan and simple filters. A path made only of names and indexes is definite and yields
/// one value; any other path yields an array of every match.
/// </summary>
public sealed class JsonPath
{
    private readonly Segment[] _segments;

    private JsonPath(string text, JsonPathRoot root, string? variable, Segment[] segments)
    {
        Text = text;
        Root = root;
        VariableName = variable;
        _segments = segments;
        IsDefinite = segments.All(s => s is NameSegment or IndexSegment);
    }

    public string Text { get; }

    public JsonPathRoot Root { get; }

    public string? VariableName { get; }

    public bool IsDefinite { get; }

    public bool IsRootOnly => _segments.Length == 0;

    /// <summary>Jayway's rendering of the path, <c>$['a']['b']</c>, used in AWS's error causes.</summary>
    public string Normalized => "$" + string.Concat(_segments.Select(s => s.ToString()));

    internal IReadOnlyList<Segment> Segments => _segments;

    /// <summary>This path without its first segment (<c>$.Payload.a</c> becomes <c>$.a</c>), applied to what that segment selects.</summary>
    internal JsonPath WithoutFirstSegment() =>
        new("$" + string.Concat(_segments.Skip(1).Select(s => s.ToString())), Root, VariableName, _segments[1..]);

    public static JsonPath Parse(string text) =>
        TryParse(text, out var path, out var error) ? path : throw new FormatException(error);

    public static bool TryParse(string text, out JsonPath path, out string error)
    {
        path = null!;
        error = "";
        if (string.IsNullOrEmpty(text) || text[0] != '$')
        {
            error = $"The path '{text}' must start with '$'.";
            return false;
        }

        var root = JsonPathRoot.Input;
        string? variable = null;
        var i = 1;
        if (text.Length > 1 && text[1] == '$')
        {
            root = JsonPathRoot.Context;
            i = 2;
        }
        else if (text.Length > 1 && (char.IsLetter(text[1]) || text[1] == '_'))
        {
            root = JsonPathRoot.Variable;
            var start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
            {
                i++;
            }

            variable = text[start..i];
        }

        var segments = new List<Segment>();
        try
        {
            while (i < text.Length)
            {
                segments.Add(ParseSegment(text, ref i));
            }
        }
        catch (FormatException e)
        {
            error = $"The path '{text}' is not valid JSONPath: {e.Message}";
            return false;
        }

        path = new JsonPath(text, root, variable, [.. segments]);
        return true;
    }

    private static Segment ParseSegment(string text, ref int i)
    {
        if (text[i] == '.')
        {
            if (i + 1 < text.Length && text[i + 1] == '.')
            {
                i += 2;
                if (i < text.Length && text[i] == '[')
                {
                    return new DeepScanSegment(ParseBracket(text, ref i));
                }

                return new DeepScanSegment(ParseDotName(text, ref i));
            }

            i++;
            // Jayway accepts a bracket after a dot: $.[0], $.[?(@.x)].
            if (i < text.Length && text[i] == '[')
            {
                return ParseBracket(text, ref i);
            }

            return ParseDotName(text, ref i);
        }

        if (text[i] == '[')
        {
            return ParseBracket(text, ref i);
        }

        throw new FormatException($"unexpected '{text[i]}' at position {i}");
    }

    private static Segment ParseDotName(string text, ref int i)
    {
        if (i < text.Length && text[i] == '*')
        {
            i++;
            return new WildcardSegment();
        }

        var start = i;
        while (i < text.Length && text[i] != '.' && text[i] != '[')
        {
            i++;
        }

        if (i == start)
        {
            throw new FormatException($"empty property name at position {start}");
        }

        return new NameSegment(text[start..i]);
    }

    private static Segment ParseBracket(string text, ref int i)
    {
        i++;
        SkipSpaces(text, ref i);
        if (i >= text.Length)
        {
            throw new FormatException("unclosed '['");
        }

        Segment result;
        if (text[i] == '\'' || text[i] == '"')
        {
            var names = new List<string>();
            while (true)
            {
                names.Add(ReadQuoted(text, ref i));
                SkipSpaces(text, ref i);
                if (i < text.Length && text[i] == ',')
                {
                    i++;
                    SkipSpaces(text, ref i);
                    continue;
                }

                break;
            }

            result = names.Count == 1 ? new NameSegment(names[0]) : new UnionNameSegment([.. names]);
        }
        else if (text[i] == '*')
        {
            i++;
            result = new WildcardSegment();
        }
        else if (text[i] == '?')
        {
            var close = FindFilterEnd(text, i);
            var body = text[(i + 1)..close].Trim();
            if (body.StartsWith('(') && body.EndsWith(')'))
            {
                body = body[1..^1];
            }

            result = new FilterSegment(FilterExpression.Parse(body));
            i = close;
        }
        else
        {
            var end = text.IndexOf(']', i);
            if (end < 0)
            {
                throw new FormatException("unclosed '['");
            }

            var body = text[i..end].Replace(" ", "", StringComparison.Ordinal);
            i = end;
            if (body.Contains(':', StringComparison.Ordinal))
            {
                var parts = body.Split(':');
                result = new SliceSegment(ParseOptionalInt(parts[0]), ParseOptionalInt(parts[1]), parts.Length > 2 ? ParseOptionalInt(parts[2]) : null);
            }
            else if (body.Contains(',', StringComparison.Ordinal))
            {
                result = new UnionIndexSegment([.. body.Split(',').Select(ParseInt)]);
            }
            else
            {
                result = new IndexSegment(ParseInt(body));
            }
        }

        SkipSpaces(text, ref i);
        if (i >= text.Length || text[i] != ']')
        {
            throw new FormatException("expected ']'");
        }

        i++;
        return result;
    }

    private static int FindFilterEnd(string text, int i)
    {
        var depth = 0;
        char? quote = null;
        for (var j = i; j < text.Length; j++)
        {
            var c = text[j];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    j++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '\'' or '"':
                    quote = c;
                    break;
                case '(' or '[':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ']' when depth == 0:
                    return j;
                case ']':
                    depth--;
                    break;
            }
        }

        throw new FormatException("unclosed filter");
    }

    private static string ReadQuoted(string text, ref int i)
    {
        var quote = text[i++];
        var sb = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            // Jayway unescapes only the quote character itself inside a quoted name.
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == quote)
            {
                i++;
            }

            sb.Append(text[i++]);
        }

        if (i >= text.Length)
        {
            throw new FormatException("unclosed quoted name");
        }

        i++;
        return sb.ToString();
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }
    }

    private static int ParseInt(string s) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"'{s}' is not an index");

    private static int? ParseOptionalInt(string s) => s.Length == 0 ? null : ParseInt(s);

    /// <summary>Evaluates against <paramref name="root"/>. A definite path that matches nothing returns false.</summary>
    public bool TryEvaluate(JsonNode? root, out JsonNode? result)
    {
        if (IsDefinite)
        {
            var current = root;
            foreach (var segment in _segments)
            {
                if (!segment.TrySelectOne(current, out current))
                {
                    result = null;
                    return false;
                }
            }

            result = current;
            return true;
        }

        var matches = new List<JsonNode?> { root };
        var next = new List<JsonNode?>();
        foreach (var segment in _segments)
        {
            next.Clear();
            foreach (var node in matches)
            {
                segment.SelectAll(node, next);
            }

            (matches, next) = (next, matches);
        }

        var array = new JsonArray();
        foreach (var m in matches)
        {
            array.Add(m?.DeepClone());
        }

        result = array;
        return true;
    }

    /// <summary>The longest prefix of a definite path that exists, in Jayway's form, for "Missing property" causes.</summary>
    internal string FirstMissing(JsonNode? root)
    {
        var current = root;
        var sb = new StringBuilder("$");
        foreach (var segment in _segments)
        {
            sb.Append(segment);
            if (!segment.TrySelectOne(current, out current))
            {
                break;
            }
        }

        return sb.ToString();
    }

    public override string ToString() => Text;

    internal abstract class Segment
    {
        public virtual bool TrySelectOne(JsonNode? node, out JsonNode? result)
        {
            result = null;
            return false;
        }

        public abstract void SelectAll(JsonNode? node, List<JsonNode?> output);
    }

    /// <summary>A segment that selects at most one node (a name or an index): selecting all is selecting that one.</summary>
    internal abstract class SingleSegment : Segment
    {
        public abstract override bool TrySelectOne(JsonNode? node, out JsonNode? result);

        public sealed override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            if (TrySelectOne(node, out var r))
            {
                output.Add(r);
            }
        }
    }

    internal sealed class NameSegment(string name) : SingleSegment
    {
        public string Name { get; } = name;

        public override bool TrySelectOne(JsonNode? node, out JsonNode? result)
        {
            if (node is JsonObject obj && obj.TryGetPropertyValue(Name, out result))
            {
                return true;
            }

            result = null;
            return false;
        }

        public override string ToString() => $"['{Name}']";
    }

    internal sealed class UnionNameSegment(string[] names) : Segment
    {
        public override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            if (node is JsonObject obj)
            {
                foreach (var n in names)
                {
                    if (obj.TryGetPropertyValue(n, out var r))
                    {
                        output.Add(r);
                    }
                }
            }
        }

        public override string ToString() => "[" + string.Join(",", names.Select(n => $"'{n}'")) + "]";
    }

    internal sealed class IndexSegment(int index) : SingleSegment
    {
        public int Index { get; } = index;

        public override bool TrySelectOne(JsonNode? node, out JsonNode? result)
        {
            if (node is JsonArray arr)
            {
                var i = Index < 0 ? arr.Count + Index : Index;
                if (i >= 0 && i < arr.Count)
                {
                    result = arr[i];
                    return true;
                }
            }

            result = null;
            return false;
        }

        public override string ToString() => $"[{Index}]";
    }

    internal sealed class UnionIndexSegment(int[] indexes) : Segment
    {
        // Built once with the path, not on every selection.
        private readonly IndexSegment[] segments = [.. indexes.Select(i => new IndexSegment(i))];

        public override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            foreach (var segment in segments)
            {
                segment.SelectAll(node, output);
            }
        }

        public override string ToString() => "[" + string.Join(",", indexes) + "]";
    }

    internal sealed class WildcardSegment : Segment
    {
        public override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            switch (node)
            {
                case JsonArray arr:
                    output.AddRange(arr);
                    break;
                case JsonObject obj:
                    foreach (var kv in obj)
                    {
                        output.Add(kv.Value);
                    }

                    break;
            }
        }

        public override string ToString() => "[*]";
    }

    internal sealed class SliceSegment(int? start, int? end, int? step) : Segment
    {
        public override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            if (node is not JsonArray arr)
            {
                return;
            }

            var n = arr.Count;
            var s = Normalize(start ?? 0, n);
            var e = Normalize(end ?? n, n);
            var st = step is null or <= 0 ? 1 : step.Value;
            for (var i = s; i < e; i += st)
            {
                output.Add(arr[i]);
            }
        }

        private static int Normalize(int i, int n) => Math.Clamp(i < 0 ? n + i : i, 0, n);

        public override string ToString() => $"[{start}:{end}]";
    }

    internal sealed class DeepScanSegment(Segment inner) : Segment
    {
        public override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            inner.SelectAll(node, output);
            switch (node)
            {
                case JsonArray arr:
                    foreach (var child in arr)
                    {
                        SelectAll(child, output);
                    }

                    break;
                case JsonObject obj:
                    foreach (var kv in obj)
                    {
                        SelectAll(kv.Value, output);
                    }

                    break;
            }
        }

        public override string ToString() => ".." + inner;
    }

    internal sealed class FilterSegment(FilterExpression filter) : Segment
    {
        public override void SelectAll(JsonNode? node, List<JsonNode?> output)
        {
            switch (node)
            {
                case JsonArray arr:
                    foreach (var item in arr)
                    {
                        if (filter.Matches(item))
                        {
                            output.Add(item);
                        }
                    }

                    break;
                case JsonObject obj when filter.Matches(obj):
                    output.Add(obj);
                    break;
            }
        }

        public override string ToString() => "[?]";
    }
}
