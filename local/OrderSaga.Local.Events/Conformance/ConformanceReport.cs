using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.Events.Conformance;

/// <summary>Pass rates of a run, overall and by feature / source / file, and the report JSON (the same shape as the ASL report).</summary>
public sealed class ConformanceReport(IReadOnlyList<CaseOutcome> outcomes)
{
    public IReadOnlyList<CaseOutcome> Outcomes { get; } = outcomes;

    public int Total => Outcomes.Count;

    public int Passed => Outcomes.Count(o => o.Outcome == Outcome.Passed);

    public IReadOnlyList<(string Key, int Total, int Passed, int Excluded)> By(Func<ConformanceCase, IEnumerable<string>> keys) =>
        Outcomes
            .SelectMany(o => keys(o.Case).Select(k => (Key: k, o.Outcome)))
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Count(), g.Count(x => x.Outcome == Outcome.Passed), g.Count(x => x.Outcome == Outcome.Excluded)))
            .ToArray();

    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("total", Total);
            writer.WriteNumber("passed", Passed);
            writer.WriteNumber("failed", Outcomes.Count(o => o.Outcome == Outcome.Failed));
            writer.WriteNumber("excluded", Outcomes.Count(o => o.Outcome == Outcome.Excluded));
            WriteGroups(writer, "byFeature", By(c => c.Features));
            WriteGroups(writer, "bySource", By(c => [c.Source]));
            WriteGroups(writer, "byFile", By(c => [c.File]));
            writer.WriteStartArray("results");
            foreach (var outcome in Outcomes)
            {
                writer.WriteStartObject();
                writer.WriteString("id", outcome.Case.Id);
                writer.WriteString("outcome", outcome.Outcome switch
                {
                    Outcome.Passed => "passed",
                    Outcome.Failed => "failed",
                    _ => "excluded",
                });
                if (outcome.Reason is null)
                {
                    writer.WriteNull("reason");
                }
                else
                {
                    writer.WriteString("reason", outcome.Reason);
                }

                writer.WriteString("file", outcome.Case.File);
                writer.WriteString("source", outcome.Case.Source);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteGroups(Utf8JsonWriter writer, string name, IReadOnlyList<(string Key, int Total, int Passed, int Excluded)> groups)
    {
        writer.WriteStartObject(name);
        foreach (var (key, total, passed, excluded) in groups)
        {
            writer.WriteStartObject(key);
            writer.WriteNumber("total", total);
            writer.WriteNumber("passed", passed);
            writer.WriteNumber("excluded", excluded);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }
}
