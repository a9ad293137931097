using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OrderSaga.Local.Analysis;

/// <summary>Renders reports for people (what was inferred, then each finding with its location) or as JSON.</summary>
public static class ReportWriter
{
    // People read this JSON too: state names with quotes and the arrows of a route stay as typed, not \uXXXX.
    private static readonly AnalysisJsonContext Readable = new(new JsonSerializerOptions(AnalysisJsonContext.Default.Options)
    {
        TypeInfoResolver = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static string ToJson(IReadOnlyList<MachineReport> reports) =>
        JsonSerializer.Serialize([.. reports], Readable.ListMachineReport);

    public static string ToText(IReadOnlyList<MachineReport> reports)
    {
        var text = new StringBuilder();
        foreach (var r in reports)
        {
            text.AppendLine($"{r.Name} ({r.Origin})");
            text.AppendLine($"  side effects:        {List(r.SideEffects)}");
            text.AppendLine($"  read-only tasks:     {List(r.ReadOnlyTasks)}");
            foreach (var p in r.Compensations)
            {
                text.AppendLine($"  compensation:        {p.Forward} -> {p.Compensation}{(p.Scope == "$" ? "" : $" in {p.Scope}")}  [{p.Reason}]");
            }

            text.AppendLine($"  not compensated:     {List(r.UncompensatedSideEffects)}");
            text.AppendLine($"  failure edges:       {List(r.FailureEdges)}");
            foreach (var t in r.ToleratedFailures)
            {
                text.AppendLine($"  tolerated failure:   {t.Location} rejoins the forward path at {t.RejoinsAt}");
            }

            foreach (var f in r.Findings)
            {
                text.AppendLine($"  {f}");
            }

            var errors = r.Findings.Count(f => f.Severity == Severity.Error);
            text.AppendLine($"  {errors} error(s), {r.Findings.Count - errors} warning(s)");
        }

        return text.ToString();
    }

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "(none)" : string.Join(", ", items);
}
