using System.CommandLine;
using System.Globalization;
using OrderSaga.Local.Events.Conformance;

namespace OrderSaga.Local.Cli;

/// <summary><c>conformance eventbridge</c>: runs the EventBridge corpus files against the local engine and writes the report.</summary>
internal static class EventBridgeConformanceCommand
{
    public static Command Create()
    {
        var cases = new Option<FileInfo>("--cases") { Required = true, Description = "patterns.jsonl: event patterns against events" };
        var transformers = new Option<FileInfo>("--transformers") { Description = "transformers.jsonl: InputPath / InputTransformer cases" };
        var validation = new Option<FileInfo>("--validation") { Description = "validation.jsonl: PutEvents / PutTargets request cases" };
        var report = new Option<FileInfo>("--report") { Required = true, Description = "where to write the JSON report" };
        var command = new Command("eventbridge", "Run the EventBridge conformance corpus against the local engine and report pass rates.");
        command.Options.Add(cases);
        command.Options.Add(transformers);
        command.Options.Add(validation);
        command.Options.Add(report);
        command.SetAction(async (ParseResult result, CancellationToken ct) =>
        {
            var files = new[] { result.GetValue(cases), result.GetValue(transformers), result.GetValue(validation) }
                .Where(f => f is not null)
                .Select(f => CommandFiles.FromInvocationDirectory(f!))
                .ToArray();
            var missing = files.FirstOrDefault(f => !f.Exists);
            if (missing is not null)
            {
                await Console.Error.WriteLineAsync($"conformance eventbridge: file not found: {missing.FullName}");
                return 2;
            }

            var exclusions = ConformanceCorpus.LoadExclusions();
            var outcomes = new List<CaseOutcome>();
            foreach (var file in files)
            {
                IReadOnlyList<ConformanceCase> loaded;
                try
                {
                    loaded = ConformanceCorpus.Load(file.FullName);
                }
                catch (InvalidDataException e)
                {
                    await Console.Error.WriteLineAsync($"conformance eventbridge: {e.Message}");
                    return 2;
                }

                outcomes.AddRange(loaded.Select(c => ConformanceRunner.Run(c, exclusions)));
            }

            var summary = new ConformanceReport(outcomes);
            Print("file", summary.By(c => [c.File]));
            Print("source", summary.By(c => [c.Source]));
            Print("file/source", summary.By(c => [$"{c.File} {c.Source}"]));
            Print("feature", summary.By(c => c.Features));
            foreach (var failure in outcomes.Where(o => o.Outcome == Outcome.Failed))
            {
                Console.WriteLine($"FAILED {failure.Case.Id}: {failure.Reason}");
            }

            var reportFile = CommandFiles.FromInvocationDirectory(result.GetValue(report)!);
            reportFile.Directory?.Create();
            await File.WriteAllTextAsync(reportFile.FullName, summary.ToJson(), ct);
            Console.WriteLine($"eventbridge conformance: {summary.Passed} of {summary.Total} passed");
            return 0;
        });
        return command;
    }


    private static void Print(string title, IReadOnlyList<(string Key, int Total, int Passed, int Excluded)> groups)
    {
        Console.WriteLine($"by {title}:");
        foreach (var (key, total, passed, excluded) in groups)
        {
            var rate = total == 0 ? 0 : 100.0 * passed / total;
            var skipped = excluded > 0 ? $" ({excluded} excluded)" : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {key,-40} {passed,4}/{total,-4} {rate,6:0.0}%{skipped}"));
        }
    }
}
