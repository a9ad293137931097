using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.States.Conformance;

/// <summary>Pass rates overall and by feature tag, and the report JSON the CLI writes.</summary>
public sealed class ConformanceReport(IReadOnlyList<CaseOutcome> results)
{
    public IReadOnlyList<CaseOutcome> Results { get; } = results;

    public int Total => Results.Count;

    public int Passed => Results.Count(r => r.Outcome == CaseOutcomeKind.Passed);

    public IReadOnlyList<(string Feature, int Total, int Passed, int Excluded)> ByFeature() =>
        [.. Results.SelectMany(r => r.Features.Select(f => (Feature: f, r.Outcome)))
            .GroupBy(x => x.Feature, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Count(x => x.Outcome == CaseOutcomeKind.Passed), g.Count(x => x.Outcome == CaseOutcomeKind.Excluded)))];

    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("total", Total);
            w.WriteNumber("passed", Passed);
            w.WriteStartObject("byFeature");
            foreach (var (feature, total, passed, excluded) in ByFeature())
            {
                w.WriteStartObject(feature);
                w.WriteNumber("total", total);
                w.WriteNumber("passed", passed);
                w.WriteNumber("excluded", excluded);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var r in Results)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("outcome", r.Outcome switch
                {
                    CaseOutcomeKind.Passed => "passed",
                    CaseOutcomeKind.Failed => "failed",
                    _ => "excluded",
                });
                if (r.Reason is null)
                {
                    w.WriteNull("reason");
                }
                else
                {
                    w.WriteString("reason", r.Reason);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads exclusions.json: <c>[{"id", "reason", "temporary"}]</c>.</summary>
    public static IReadOnlyDictionary<string, CaseExclusion> ReadExclusions(string path)
    {
        var result = new Dictionary<string, CaseExclusion>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var id = e.GetProperty("id").GetString() ?? throw new FormatException($"{path}: an exclusion has no id");
            var reason = e.TryGetProperty("reason", out var r) ? r.GetString() : null;
            if (string.IsNullOrWhiteSpace(reason))
            {
                throw new FormatException($"{path}: the exclusion of '{id}' gives no reason");
            }

            result[id] = new CaseExclusion(id, reason, e.TryGetProperty("temporary", out var t) && t.GetBoolean());
        }

        return result;
    }
}
