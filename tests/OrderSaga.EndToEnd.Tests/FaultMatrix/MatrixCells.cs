using System.Text.RegularExpressions;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Testing;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// The cells of the matrix: every Task state of the saga's ASL × every state fault kind. The ASL is the committed
/// snapshot of what the CDK synthesizes (cdk.out is built, not committed, so test discovery cannot rely on it); the
/// tests check that the deployed definition has exactly these Task states, so the two cannot drift apart.
/// </summary>
internal static partial class MatrixCells
{
    private static readonly Lazy<SagaGraph> Snapshot = new(LoadSnapshot);

    public static string SnapshotPath { get; } =
        RepositoryPaths.Combine("tests", "OrderSaga.Workflow.Tests", "Snapshots", "__snapshots__", "OrderSagaWorkflow.asl.snap");

    public static SagaGraph Graph => Snapshot.Value;

    public static IEnumerable<StateFaultKind> Faults => Enum.GetValues<StateFaultKind>();

    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var task in Graph.TaskStates)
        {
            foreach (var fault in Faults)
            {
                data.Add(task.Name, StateFaultPlan.NameOf(fault));
            }
        }

        return data;
    }

    private static SagaGraph LoadSnapshot()
    {
        // The snapshot writes CDK tokens as readable placeholders; only the partition matters to how a resource is read.
        var text = PartitionToken().Replace(File.ReadAllText(SnapshotPath), "aws");
        return SagaGraph.Parse(text, SnapshotPath);
    }

    [GeneratedRegex(@"\$\{AWS::Partition\}")]
    private static partial Regex PartitionToken();
}
