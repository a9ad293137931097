using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderSaga.Local.Events.Conformance;

/// <summary>
/// Compares engine output with recorded expectations. A recorded string that is a placeholder such as
/// <c>&lt;uuid:1&gt;</c> or <c>&lt;bus-name&gt;</c> stands for any non-empty text, the same text wherever the same
/// placeholder appears; messages compare on their first line.
/// </summary>
public sealed partial class ExpectationComparer
{
    private readonly Dictionary<string, string> _bindings = new(StringComparer.Ordinal);

    /// <returns>null when equal; otherwise where they differ.</returns>
    public string? CompareJson(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind == JsonValueKind.String && actual.ValueKind == JsonValueKind.String)
        {
            var e = expected.GetString()!;
            var a = actual.GetString()!;
            return e == a || BindPlaceholder(e, a) ? null : $"{path}: expected \"{e}\", got \"{a}\"";
        }

        if (expected.ValueKind != actual.ValueKind
            && !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return $"{path}: expected {expected.ValueKind} {Short(expected)}, got {actual.ValueKind} {Short(actual)}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var missing = expectedNames.Except(actualNames).ToArray();
                var extra = actualNames.Except(expectedNames).ToArray();
                if (missing.Length > 0 || extra.Length > 0)
                {
                    return $"{path}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    var diff = CompareJson(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
                }

                for (var i = 0; i < expected.GetArrayLength(); i++)
                {
                    var diff = CompareJson(expected[i], actual[i], $"{path}[{i}]");
                    if (diff is not null)
                    {
                        return diff;
                    }
                }

                return null;
            case JsonValueKind.Number:
                return expected.GetDouble() == actual.GetDouble() ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            case JsonValueKind.True or JsonValueKind.False:
                return expected.ValueKind == actual.ValueKind ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            default:
                return null;
        }
    }

    /// <summary>Compares the first lines of two messages; placeholders in the expected one match any text.</summary>
    public static string? CompareMessage(string expected, string actual)
    {
        var e = FirstLine(expected);
        var a = FirstLine(actual);
        if (e == a)
        {
            return null;
        }

        var regex = "^" + string.Join(".+?", PlaceholderToken().Split(e).Select(Regex.Escape)) + "$";
        return Regex.IsMatch(a, regex, RegexOptions.Singleline, TimeSpan.FromSeconds(2)) ? null : $"expected message \"{e}\", got \"{a}\"";
    }

    public static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    private bool BindPlaceholder(string expected, string actual)
    {
        if (actual.Length == 0 || !WholePlaceholder().IsMatch(expected))
        {
            return false;
        }

        if (_bindings.TryGetValue(expected, out var bound))
        {
            return bound == actual;
        }

        _bindings[expected] = actual;
        return true;
    }

    private static string Short(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length > 80 ? text[..80] + "…" : text;
    }

    [GeneratedRegex("^<[A-Za-z0-9_.:\\- ]+>$")]
    private static partial Regex WholePlaceholder();

    [GeneratedRegex("<[A-Za-z0-9_.:\\-]+>")]
    private static partial Regex PlaceholderToken();
}
