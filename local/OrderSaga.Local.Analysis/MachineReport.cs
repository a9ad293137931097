namespace OrderSaga.Local.Analysis;

/// <summary>What <see cref="SagaVerifier"/> inferred about one state machine and every rule it found broken.</summary>
public sealed record MachineReport(
    string Name,
    string Origin,
    IReadOnlyList<string> SideEffects,
    IReadOnlyList<string> ReadOnlyTasks,
    IReadOnlyList<CompensationPair> Compensations,
    IReadOnlyList<string> UncompensatedSideEffects,
    IReadOnlyList<string> FailureEdges,
    IReadOnlyList<ToleratedFailure> ToleratedFailures,
    IReadOnlyList<Finding> Findings);
