using System.Diagnostics;
using OrderSaga.Testing;
using Snapshooter;
using Snapshooter.Xunit;

namespace OrderSaga.Workflow.Tests;

public sealed class WorkflowAslTests(WorkflowSynthFixture synth) : IClassFixture<WorkflowSynthFixture>
{
    private static readonly TimeSpan ValidatorTimeout = TimeSpan.FromMinutes(1);

    [Fact]
    public void Definition_Synthesized_MatchesSnapshot()
    {
        // A deliberate workflow change updates Snapshots/ (see README); CI runs with SNAPSHOOTER_STRICT_MODE=true.
        // Snapshooter keeps its files in a __snapshots__ folder under the one given here.
        Snapshot.Match(
            synth.AslJson,
            new SnapshotFullName("OrderSagaWorkflow.asl.snap", RepositoryPaths.Combine("tests", "OrderSaga.Workflow.Tests", "Snapshots")));
    }

    [Fact]
    public void Definition_Synthesized_PassesAslValidator()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ordersaga-asl-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, synth.ValidatorInput);
        try
        {
            var (exitCode, output) = RunNode(RepositoryPaths.Combine("node_modules", "asl-validator", "dist", "bin", "asl-validator.js"), "--json-path", file);

            Assert.True(exitCode == 0, $"asl-validator exited with {exitCode}:\n{output}");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Definition_Placeholders_AreReadableAndHashFree()
    {
        Assert.Contains("${InventoryFunction.Arn}", synth.AslJson, StringComparison.Ordinal);
        Assert.Contains("${PaymentFunction.Arn}", synth.AslJson, StringComparison.Ordinal);
        Assert.Contains("${NotificationFunction.Arn}", synth.AslJson, StringComparison.Ordinal);
        Assert.Contains("${OrdersTable.Name}", synth.AslJson, StringComparison.Ordinal);
        Assert.Contains("${EventBus.Arn}", synth.AslJson, StringComparison.Ordinal);
        Assert.DoesNotMatch("[A-Za-z]+[0-9A-F]{8}[.}]", synth.AslJson);
    }

    private static (int ExitCode, string Output) RunNode(params string[] arguments)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ValidatorTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {string.Join(' ', arguments)} did not finish within {ValidatorTimeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
