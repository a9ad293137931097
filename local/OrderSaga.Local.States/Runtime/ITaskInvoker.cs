using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// Runs the work of a Task state. The local cloud plugs real targets in here (its Lambda host, DynamoDB, EventBridge);
/// the conformance harness plugs in the recorded Lambda kinds. The engine has already resolved Parameters, and
/// for Lambda (by function ARN or through <c>arn:aws:states:::lambda:invoke</c>) passes the function name and payload.
/// </summary>
public interface ITaskInvoker
{
    ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken);
}
