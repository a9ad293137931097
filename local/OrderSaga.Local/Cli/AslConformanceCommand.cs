using System.CommandLine;
using System.Globalization;
using OrderSaga.Local.States.Conformance;

namespace OrderSaga.Local.Cli;

/// <summary><c>conformance asl --cases f.jsonl --report r.json</c>: run recorded Step Functions cases on the local engine.</summary>
internal static class AslConformanceCommand
{
    public static Command Create()
    {
        var cases = new Option<FileInfo>("--cases") { Description = "JSON Lines file of ASL cases (shared/conformance/asl/cases.jsonl format).", Required = true };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write the JSON report." };
        var normalizers = new Option<FileInfo?>("--normalizers") { Description = "normalizers-global.json; by default the one beside the cases file." };
        var exclusions = new Option<FileInfo?>("--exclusions") { Description = "Optional exclusions.json ([{id, reason, temporary}]); excluded cases are reported as excluded." };
        var command = new Command("asl", "Run recorded Step Functions executions on the local engine and report pass rates by feature.");
        command.Options.Add(cases);
        command.Options.Add(report);
        command.Options.Add(normalizers);
        command.Options.Add(exclusions);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var casesFile = r.GetValue(cases)!;
            if (!casesFile.Exists)
            {
                await Console.Error.WriteLineAsync($"conformance asl: the cases file '{casesFile.FullName}' does not exist.");
                return 2;
            }

            IReadOnlyList<ConformanceCase> all;
            IReadOnlyDictionary<string, CaseExclusion> excluded = new Dictionary<string, CaseExclusion>();
            try
            {
                all = ConformanceCase.ReadJsonLines(casesFile.FullName);
                if (r.GetValue(exclusions) is { } ex)
                {
                    excluded = ConformanceReport.ReadExclusions(ex.FullName);
                }
            }
            catch (Exception e) when (e is FormatException or IOException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
            {
                await Console.Error.WriteLineAsync($"conformance asl: {e.Message}");
                return 2;
            }

            var normalizersPath = r.GetValue(normalizers)?.FullName ?? Path.Combine(casesFile.DirectoryName ?? ".", "normalizers-global.json");
            var runner = AslConformanceRunner.FromFile(normalizersPath);
            var results = new CaseOutcome[all.Count];
            // Cases are independent; a few at a time keeps the 2-core machine responsive.
            await Parallel.ForAsync(0, all.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount), CancellationToken = ct }, async (i, token) =>
            {
                results[i] = await runner.RunAsync(all[i], excluded.GetValueOrDefault(all[i].Id), token);
            });

            var summary = new ConformanceReport(results);
            Console.WriteLine("feature                                   passed / total  (excluded)");
            foreach (var (feature, total, passed, excludedCount) in summary.ByFeature())
            {
                var rate = total == 0 ? 0 : 100.0 * passed / total;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{feature,-40} {passed,5} / {total,-5} {rate,6:F1} %{(excludedCount > 0 ? $"  ({excludedCount} excluded)" : "")}"));
            }

            foreach (var failed in results.Where(x => x.Outcome == CaseOutcomeKind.Failed))
            {
                Console.WriteLine($"FAILED {failed.Id}: {failed.Reason}");
            }

            if (r.GetValue(report) is { } reportFile)
            {
                await File.WriteAllTextAsync(reportFile.FullName, summary.ToJson(), ct);
            }

            Console.WriteLine($"asl conformance: {summary.Passed} of {summary.Total} passed");
            return 0;
        });
        return command;
    }
}
