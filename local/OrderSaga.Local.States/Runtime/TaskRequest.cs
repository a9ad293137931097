using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>One task invocation.</summary>
/// <param name="Resource">The state's Resource ARN.</param>
/// <param name="Kind">What the resource is.</param>
/// <param name="Service">For a service integration, the service (<c>dynamodb</c>); for Lambda, <c>lambda</c>.</param>
/// <param name="Action">For a service integration, the action with any <c>.sync</c>/<c>.waitForTaskToken</c> suffix (<c>putItem</c>).</param>
/// <param name="FunctionName">For Lambda: the function name or ARN as given.</param>
/// <param name="Payload">For Lambda: the event.</param>
/// <param name="Parameters">The effective parameters of the state.</param>
/// <param name="TimeoutSeconds">The task's timeout, if any; the engine enforces it too.</param>
/// <param name="HeartbeatSeconds">The task's heartbeat, if any.</param>
/// <param name="ExecutionArn">The execution the task belongs to.</param>
/// <param name="StateName">The Task state's name.</param>
public sealed record TaskRequest(
    string Resource,
    TaskTargetKind Kind,
    string Service,
    string Action,
    string? FunctionName,
    JsonNode? Payload,
    JsonNode? Parameters,
    int? TimeoutSeconds,
    int? HeartbeatSeconds,
    string ExecutionArn,
    string StateName);
