using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Conformance;

/// <summary>One recorded Step Functions execution from the conformance corpus (see shared/conformance/README.md).</summary>
public sealed record ConformanceCase(
    string Id,
    IReadOnlyList<string> Features,
    string QueryLanguage,
    string StateMachineType,
    JsonNode? Definition,
    JsonNode? Input,
    IReadOnlyDictionary<string, string> LambdaKinds,
    ExpectedResult Expected,
    JsonArray Normalizers,
    DateTimeOffset? FrozenNow,
    bool HistoryOrderNormalized,
    IReadOnlyList<string> SkipSnapshotVerify)
{
    /// <summary>Reads a JSON Lines file; a line that cannot be read becomes an error naming its line number.</summary>
    public static IReadOnlyList<ConformanceCase> ReadJsonLines(string path)
    {
        var cases = new List<ConformanceCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                cases.Add(Parse(JsonNode.Parse(line) as JsonObject ?? throw new FormatException("the line is not a JSON object")));
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNumber}: {e.Message}", e);
            }
        }

        return cases;
    }

    public static ConformanceCase Parse(JsonObject obj)
    {
        var id = Str(obj["id"]) ?? throw new FormatException("a case has no id");
        var features = (obj["feature"] as JsonArray)?.Select(f => Str(f) ?? "").ToArray() ?? [];
        var lambdas = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj["lambdas"] is JsonObject l)
        {
            foreach (var kv in l)
            {
                lambdas[kv.Key] = Str(kv.Value?["kind"]) ?? "";
            }
        }

        var expected = obj["expected"] as JsonObject ?? throw new FormatException($"case {id} has no expected result");
        var source = obj["source"] as JsonObject;
        DateTimeOffset? frozen = null;
        if (Str(source?["frozenNow"]) is { } f && Timestamps.TryParse(f, out var ts))
        {
            frozen = ts;
        }

        return new ConformanceCase(
            id,
            features,
            Str(obj["queryLanguage"]) ?? "JSONPath",
            Str(obj["stateMachineType"]) ?? "STANDARD",
            obj["definition"]?.DeepClone(),
            obj["input"]?.DeepClone(),
            lambdas,
            new ExpectedResult(
                Str(expected["status"]) ?? "SUCCEEDED",
                expected["output"]?.DeepClone(),
                expected.ContainsKey("outputText") ? Str(expected["outputText"]) : null,
                expected["error"]?.DeepClone(),
                expected["cause"]?.DeepClone(),
                expected["causeIsJsonText"]?.GetValueKind() == JsonValueKind.True,
                expected["outputMasked"]?.GetValueKind() == JsonValueKind.True,
                (expected["historyEventTypes"] as JsonArray)?.Select(t => Str(t) ?? "").ToArray()),
            obj["normalizers"] as JsonArray is { } n ? (JsonArray)n.DeepClone() : [],
            frozen,
            source?["historyOrderNormalized"]?.GetValueKind() == JsonValueKind.True,
            (source?["skipSnapshotVerify"] as JsonArray)?.Select(s => Str(s) ?? "").ToArray() ?? []);
    }

    private static string? Str(JsonNode? node) => JsonValues.IsString(node, out var s) ? s : null;
}
