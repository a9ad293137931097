using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;


/// <summary>A StartExecution request, after the host has chosen the name (idempotency by name is the host's job).</summary>
public sealed record ExecutionRequest(string StateMachineArn, string Name, JsonNode? Input)
{
    public string RoleArn { get; init; } = "arn:aws:iam::111111111111:role/StepFunctionsRole";

    public StateMachineType Type { get; init; } = StateMachineType.Standard;

    /// <summary>The execution ARN; derived from the state machine ARN and name when null.</summary>
    public string? ExecutionArn { get; init; }
}
