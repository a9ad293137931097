using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Conformance;

/// <summary>
/// Compares what the engine produced with what AWS recorded: normalises the actual values with the corpus rules
/// (pre, case, post), then matches structures, where an expected <c>&lt;placeholder&gt;</c> matches any non-empty text
/// (the same text everywhere in the case) and an expected mask value matches anything.
/// </summary>
public sealed partial class ResultComparer
{
    private readonly JsonArray _rules;
    private readonly IReadOnlyDictionary<string, string> _symbols;
    private readonly HashSet<string> _maskValues;
    private readonly HashSet<string> _optionalKeys;
    private readonly Dictionary<string, string> _bindings = new(StringComparer.Ordinal);

    /// <param name="globalNormalizers">The normalizers-global.json document ({pre, post}).</param>
    /// <param name="caseNormalizers">The case's own rules.</param>
    /// <param name="symbols">Values the engine used: accountId, region, partition, stateMachineName, executionName, roleArn.</param>
    /// <param name="optionalPaths">The case's skipSnapshotVerify paths; <c>$..Name</c> makes member Name optional.</param>
    public ResultComparer(JsonObject? globalNormalizers, JsonArray caseNormalizers, IReadOnlyDictionary<string, string> symbols, IEnumerable<string> optionalPaths)
    {
        ArgumentNullException.ThrowIfNull(caseNormalizers);
        _rules = [];
        foreach (var group in new[] { globalNormalizers?["pre"] as JsonArray, caseNormalizers, globalNormalizers?["post"] as JsonArray })
        {
            foreach (var rule in group ?? [])
            {
                _rules.Add(rule?.DeepClone());
            }
        }

        _symbols = symbols;
        _maskValues = [.. _rules.OfType<JsonObject>().Where(r => Str(r["type"]) == "mask").Select(r => Str(r["replace"]) ?? "").Where(s => s.Length > 0)];
        _optionalKeys = [.. optionalPaths.Where(p => p.StartsWith("$..", StringComparison.Ordinal)).Select(p => p[(p.LastIndexOf('.') + 1)..])];
    }

    /// <summary>Applies the keyValue, literal and regex rules to a value.</summary>
    public JsonNode? Normalize(JsonNode? value)
    {
        var node = value?.DeepClone();
        foreach (var rule in _rules.OfType<JsonObject>())
        {
            switch (Str(rule["type"]))
            {
                case "keyValue":
                    var keyRegex = new Regex(Str(rule["keyRegex"]) ?? "^$");
                    var unless = Str(rule["unlessValueMatches"]) is { } u ? new Regex("^" + u) : null;
                    node = ReplaceKeys(node, keyRegex, unless, Str(rule["replace"]) ?? "");
                    break;
                case "literal":
                    var find = Substitute(Str(rule["find"]) ?? "");
                    if (find.Length > 0)
                    {
                        node = RewriteText(node, text => text.Replace(Escape(find), Escape(Str(rule["replace"]) ?? ""), StringComparison.Ordinal));
                    }

                    break;
                case "regex":
                    var regex = new Regex(Str(rule["find"]) ?? "^$");
                    node = RewriteText(node, text => regex.Replace(text, Str(rule["replace"]) ?? ""));
                    break;
            }
        }

        return node;
    }

    private string Substitute(string text)
    {
        foreach (var kv in _symbols)
        {
            text = text.Replace("${" + kv.Key + "}", kv.Value, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>Text inside the serialized JSON is escaped, so the literal is compared in its escaped form.</summary>
    private static string Escape(string s)
    {
        var quoted = JsonValues.ToText(JsonValue.Create(s));
        return quoted[1..^1];
    }

    private static JsonNode? RewriteText(JsonNode? node, Func<string, string> rewrite)
    {
        var text = JsonValues.ToText(node);
        var rewritten = rewrite(text);
        if (rewritten == text)
        {
            return node;
        }

        try
        {
            return JsonNode.Parse(rewritten);
        }
        catch (JsonException)
        {
            return node;
        }
    }

    private static JsonNode? ReplaceKeys(JsonNode? node, Regex keyRegex, Regex? unless, string replacement)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var kv in obj.ToList())
                {
                    if (keyRegex.IsMatch(kv.Key) && !(JsonValues.IsString(kv.Value, out var s) && unless is not null && unless.IsMatch(s)))
                    {
                        obj[kv.Key] = replacement;
                    }
                    else
                    {
                        var replaced = ReplaceKeys(kv.Value, keyRegex, unless, replacement);
                        if (!ReferenceEquals(replaced, kv.Value))
                        {
                            obj[kv.Key] = replaced;
                        }
                    }
                }

                return obj;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    var replaced = ReplaceKeys(arr[i], keyRegex, unless, replacement);
                    if (!ReferenceEquals(replaced, arr[i]))
                    {
                        arr[i] = replaced;
                    }
                }

                return arr;
            default:
                return node;
        }
    }

    /// <summary>Matches normalised actual against expected; on a mismatch, <paramref name="difference"/> says where.</summary>
    public bool Match(JsonNode? expected, JsonNode? actual, string path, out string difference)
    {
        difference = "";
        if (JsonValues.IsString(expected, out var es) && _maskValues.Contains(es))
        {
            return true;
        }

        switch (expected)
        {
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    difference = $"{path}: expected an object, got {JsonValues.ToText(actual)}";
                    return false;
                }

                foreach (var kv in eo)
                {
                    if (_optionalKeys.Contains(kv.Key))
                    {
                        continue;
                    }

                    if (!ao.TryGetPropertyValue(kv.Key, out var av))
                    {
                        difference = $"{path}.{kv.Key}: missing";
                        return false;
                    }

                    if (!Match(kv.Value, av, $"{path}.{kv.Key}", out difference))
                    {
                        return false;
                    }
                }

                foreach (var kv in ao)
                {
                    if (!eo.ContainsKey(kv.Key) && !_optionalKeys.Contains(kv.Key))
                    {
                        difference = $"{path}.{kv.Key}: unexpected member";
                        return false;
                    }
                }

                return true;
            case JsonArray ea:
                if (actual is not JsonArray aa || aa.Count != ea.Count)
                {
                    difference = $"{path}: expected {JsonValues.ToText(ea)}, got {JsonValues.ToText(actual)}";
                    return false;
                }

                for (var i = 0; i < ea.Count; i++)
                {
                    if (!Match(ea[i], aa[i], $"{path}[{i}]", out difference))
                    {
                        return false;
                    }
                }

                return true;
            default:
                if (JsonValues.IsString(expected, out var text) && JsonValues.IsString(actual, out var actualText))
                {
                    if (MatchText(text, actualText))
                    {
                        return true;
                    }

                    difference = $"{path}: expected \"{text}\", got \"{actualText}\"";
                    return false;
                }

                if (JsonValues.DeepEquals(expected, actual))
                {
                    return true;
                }

                difference = $"{path}: expected {JsonValues.ToText(expected)}, got {JsonValues.ToText(actual)}";
                return false;
        }
    }

    [GeneratedRegex(@"<[A-Za-z][A-Za-z0-9_:\-\.]*>")]
    private static partial Regex Placeholder();

    /// <summary>Expected text with placeholders becomes a pattern; placeholders bound earlier must repeat their text.</summary>
    public bool MatchText(string expected, string actual)
    {
        if (expected == actual)
        {
            return true;
        }

        var placeholders = Placeholder().Matches(expected);
        if (placeholders.Count == 0)
        {
            return false;
        }

        var pattern = new StringBuilder("^");
        var groups = new List<string>();
        var last = 0;
        foreach (Match m in placeholders)
        {
            pattern.Append(Regex.Escape(expected[last..m.Index]));
            if (_bindings.TryGetValue(m.Value, out var bound))
            {
                pattern.Append(Regex.Escape(bound));
            }
            else if (groups.IndexOf(m.Value) is var g and >= 0)
            {
                pattern.Append(@"\k<p").Append(g).Append('>');
            }
            else
            {
                pattern.Append("(?<p").Append(groups.Count).Append(">.+?)");
                groups.Add(m.Value);
            }

            last = m.Index + m.Length;
        }

        pattern.Append(Regex.Escape(expected[last..])).Append('$');
        var match = Regex.Match(actual, pattern.ToString(), RegexOptions.Singleline);
        if (!match.Success)
        {
            return false;
        }

        for (var i = 0; i < groups.Count; i++)
        {
            _bindings[groups[i]] = match.Groups["p" + i].Value;
        }

        return true;
    }

    private static string? Str(JsonNode? n) => JsonValues.IsString(n, out var s) ? s : null;
}
