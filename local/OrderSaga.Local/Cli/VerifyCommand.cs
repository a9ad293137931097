using System.CommandLine;
using OrderSaga.Local.Analysis;

namespace OrderSaga.Local.Cli;

/// <summary><c>verify &lt;template-or-asl&gt;</c>: prove saga rules from the graph; exit 1 on findings, 2 on unreadable input.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var path = new Argument<FileSystemInfo>("path") { Description = "An ASL JSON file, a CloudFormation template, or a cdk.out folder." };
        var compensations = new Option<FileInfo?>("--compensations") { Description = "JSON object mapping forward states to their compensations; without it they are inferred by convention." };
        var json = new Option<bool>("--json") { Description = "Print the reports as JSON." };
        var command = new Command("verify", "Prove from the graph that failures run the compensations of earlier side effects in reverse order, and that every Choice has a Default and every Task a timeout and a retrier.");
        command.Arguments.Add(path);
        command.Options.Add(compensations);
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            IReadOnlyList<MachineReport> reports;
            try
            {
                var map = r.GetValue(compensations) is { } file ? CompensationConfig.Load(file.FullName) : null;
                reports = [.. DefinitionLoader.Load(r.GetValue(path)!.FullName).Select(m => SagaVerifier.Verify(m, map))];
            }
            catch (AnalysisException e)
            {
                await Console.Error.WriteLineAsync($"verify: {e.Message}");
                return 2;
            }

            await Console.Out.WriteAsync(r.GetValue(json) ? ReportWriter.ToJson(reports) + Environment.NewLine : ReportWriter.ToText(reports));
            return reports.Any(x => x.Findings.Count > 0) ? 1 : 0;
        });
        return command;
    }
}
