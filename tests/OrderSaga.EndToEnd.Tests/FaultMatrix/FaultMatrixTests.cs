using System.Net;
using OrderSaga.Local.States.Model;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// Every Task state of the saga × every fault (transient, non-retryable, timeout, crash), one order each on the shared
/// local cloud. Each cell is checked against DESIGN.md's rule and locked in its golden file.
/// </summary>
[Collection(LocalCloudGroup.Name)]
public sealed class FaultMatrixTests(LocalCloudFixture fixture)
{
    private readonly SagaDriver saga = fixture.Driver;

    public static TheoryData<string, string> Cells => MatrixCells.All();

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Run_FaultInTaskState_EndsAsDesignSays(string state, string fault)
    {
        var kind = StateFaultPlan.KindNames[fault];
        var (helpers, planned) = MatrixCells.Graph.PlanRouteTo(state);

        var run = await CellRunner.RunAsync(saga, state, kind, helpers);

        var outcome = DesignRules.Check(run);
        Assert.True(
            run.StepOf(state) is not null,
            $"planned route {string.Join(" → ", planned)} did not reach {state}");
        GoldenFile.Verify(GoldenFile.PathOf(state, fault), GoldenFile.Render(CellRecord.ToJson(run, outcome)));
    }

    [Fact]
    public void Cells_DeployedDefinition_HasTheSnapshotsTaskStates()
    {
        var deployed = SagaGraph.Parse(saga.Cloud.Stack.StateMachines.Single().Definition, "the deployed state machine");

        Assert.Equal(Describe(MatrixCells.Graph.TaskStates), Describe(deployed.TaskStates));
    }

    [Fact]
    public void Cells_EveryTaskStateAndFault_HasOneCellAndADesignRule()
    {
        var cells = MatrixCells.All().Select(row => ((string)row[0], (string)row[1])).ToList();

        Assert.Equal(MatrixCells.Graph.TaskStates.Count * StateFaultPlan.KindNames.Count, cells.Distinct().Count());
        Assert.All(MatrixCells.Graph.TaskStates, task => Assert.True(DesignRules.Covers(task.Name), $"DESIGN.md rule missing for {task.Name}"));
    }

    [Fact]
    public void GoldenFiles_EachOne_BelongsToACell()
    {
        var expected = MatrixCells.All().Select(row => Path.GetFileName(GoldenFile.PathOf((string)row[0], (string)row[1]))).ToHashSet(StringComparer.Ordinal);
        var present = Directory.Exists(GoldenFile.Folder) ? Directory.EnumerateFiles(GoldenFile.Folder, "*.json").Select(Path.GetFileName) : [];

        var strays = present.Where(f => !expected.Contains(f!)).ToList();
        Assert.True(strays.Count == 0, $"golden files of no cell (a state or fault was removed? delete them): {string.Join(", ", strays)}");
    }

    [Fact]
    public async Task StateFaultEndpoint_PostThenDelete_AddsTheFaultThenClearsIt()
    {
        using var http = new HttpClient { BaseAddress = saga.Cloud.Endpoint };
        try
        {
            using var added = await http.PostAsync("/_local/faults/state/RefundPayment", new StringContent("""{"kind": "non-retryable", "times": 2}"""));
            using var refused = await http.PostAsync("/_local/faults/state/RefundPayment", new StringContent("""{"kind": "error"}"""));

            Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("kind must be one of transient, non-retryable, timeout, crash", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(StateFaultKind.NonRetryable, saga.Cloud.StateFaults.TakeFault("RefundPayment"));

            using var cleared = await http.DeleteAsync("/_local/faults");

            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
            Assert.Null(saga.Cloud.StateFaults.TakeFault("RefundPayment"));
        }
        finally
        {
            saga.Cloud.StateFaults.Clear();
        }
    }

    /// <summary>What the matrix depends on in each Task state: its resource kind, retriers and catchers.</summary>
    private static List<string> Describe(IEnumerable<TaskState> tasks) =>
        [.. tasks.Select(t => $"{t.Name} {SagaGraph.ResourceKindOf(t)} retry[{string.Join("; ", t.Retry.Select(r => $"{string.Join(",", r.ErrorEquals)} x{r.MaxAttempts}"))}] catch[{string.Join("; ", t.Catch.Select(c => $"{string.Join(",", c.ErrorEquals)}->{c.Next}"))}] next {t.Next}")
            .Order(StringComparer.Ordinal)];
}
