using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// An execution as a persistence layer kept it: what DescribeExecution shows, its history, and its last checkpoint.
/// <see cref="CompiledStateMachine.Restore"/> turns it back into an <see cref="Execution"/>.
/// </summary>
public sealed record ExecutionSnapshot(
    string Arn,
    string Name,
    string StateMachineArn,
    string RoleArn,
    StateMachineType Type,
    JsonNode? Input,
    DateTimeOffset StartDate,
    ExecutionStatus Status,
    DateTimeOffset? StopDate,
    JsonNode? Output,
    string? Error,
    string? Cause,
    int RedriveCount,
    DateTimeOffset? RedriveDate,
    IReadOnlyList<HistoryEvent> History,
    ExecutionCheckpoint? Checkpoint);
