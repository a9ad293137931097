using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.Events;

/// <summary>
/// The JSONPath subset EventBridge accepts in InputPath and InputPathsMap: <c>$</c>, <c>.name</c>, <c>['name']</c>,
/// <c>[index]</c> and the wildcards <c>.*</c> / <c>[*]</c>; a path with a wildcard selects the array of its matches.
/// </summary>
internal static class JsonPathSelector
{
    public static bool IsValid(string path) => TryParse(path, out _);

    /// <summary>Selects the value at <paramref name="path"/> as compact JSON; false when the path selects nothing.</summary>
    public static bool TrySelect(JsonElement root, string path, out string json, out JsonValueKind kind, out string? text)
    {
        json = string.Empty;
        kind = JsonValueKind.Undefined;
        text = null;
        if (!TryParse(path, out var steps))
        {
            return false;
        }

        if (!steps.Any(s => s.Wildcard))
        {
            var current = root;
            foreach (var step in steps)
            {
                if (!TryStep(current, step, out current))
                {
                    return false;
                }
            }

            json = TargetInput.Compact(current);
            kind = current.ValueKind;
            text = kind == JsonValueKind.String ? current.GetString() : null;
            return true;
        }

        var matches = new List<JsonElement> { root };
        foreach (var step in steps)
        {
            var next = new List<JsonElement>();
            foreach (var element in matches)
            {
                if (!step.Wildcard)
                {
                    if (TryStep(element, step, out var child))
                    {
                        next.Add(child);
                    }
                }
                else if (element.ValueKind == JsonValueKind.Array)
                {
                    next.AddRange(element.EnumerateArray());
                }
                else if (element.ValueKind == JsonValueKind.Object)
                {
                    next.AddRange(element.EnumerateObject().Select(p => p.Value));
                }
            }

            matches = next;
        }

        if (matches.Count == 0)
        {
            return false;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var match in matches)
            {
                match.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        json = Encoding.UTF8.GetString(buffer.WrittenSpan);
        kind = JsonValueKind.Array;
        return true;
    }

    private static bool TryStep(JsonElement current, Step step, out JsonElement child)
    {
        child = default;
        if (step.Name is not null)
        {
            return current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step.Name, out child);
        }

        if (current.ValueKind != JsonValueKind.Array || step.Index >= current.GetArrayLength())
        {
            return false;
        }

        child = current[step.Index];
        return true;
    }

    private static bool TryParse(string path, out List<Step> steps)
    {
        steps = [];
        if (string.IsNullOrEmpty(path) || path[0] != '$')
        {
            return false;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var start = ++i;
                while (i < path.Length && path[i] is not ('.' or '['))
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }

                var name = path[start..i];
                steps.Add(name == "*" ? new Step(null, 0, true) : new Step(name, 0, false));
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0)
                {
                    return false;
                }

                var inner = path[(i + 1)..close].Trim();
                if (inner == "*")
                {
                    steps.Add(new Step(null, 0, true));
                }
                else if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
                {
                    steps.Add(new Step(inner[1..^1], 0, false));
                }
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(new Step(null, index, false));
                }
                else
                {
                    return false;
                }

                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private readonly record struct Step(string? Name, int Index, bool Wildcard);
}
