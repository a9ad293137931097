using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Chaos;

/// <summary>
/// Puts chaos between the Step Functions engine and the cloud's Task targets: a Lambda invocation may fail with the
/// service's transient or non-retryable error, be throttled, time out or crash (a timeout or crash may come after the
/// function did its work, so its effect stays but its answer is lost); a DynamoDB integration call may be throttled.
/// The errors carry the names Step Functions gives them on AWS, so the saga's Retry and Catch see what they would see.
/// </summary>
internal sealed class ChaosTaskInvoker(ITaskInvoker inner, ChaosInjector chaos, LambdaHost? lambda = null) : ITaskInvoker
{
    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var kinds = request.Kind switch
        {
            TaskTargetKind.LambdaFunction => ChaosFaultKinds.Lambda,
            TaskTargetKind.ServiceIntegration when request.Service == "dynamodb" => ChaosFaultKinds.DynamoDb,
            _ => null,
        };
        if (kinds is null || chaos.Draw(SubjectOf(request), request.StateName, kinds) is not { } fault)
        {
            return await inner.InvokeAsync(request, cancellationToken);
        }

        if (fault.AfterWork)
        {
            await inner.InvokeAsync(request, cancellationToken);
        }

        var requestId = Guid.NewGuid().ToString();
        return request.Kind == TaskTargetKind.LambdaFunction ? LambdaFailure(request, fault.Kind, requestId) : DynamoDbThrottled(requestId);
    }

    /// <summary>The order the call is about, so draws follow the order rather than the scheduling; else the execution.</summary>
    private static string SubjectOf(TaskRequest request)
    {
        var node = request.Kind == TaskTargetKind.LambdaFunction
            ? request.Payload?[TableAttributes.Orders.OrderId]
            : request.Parameters?["Key"]?[TableAttributes.Orders.OrderId]?["S"] ?? request.Parameters?["Item"]?[TableAttributes.Orders.OrderId]?["S"];
        return node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : request.ExecutionArn;
    }

    private TaskOutcome LambdaFailure(TaskRequest request, string kind, string requestId)
    {
        var function = request.FunctionName ?? request.Resource;
        return kind switch
        {
            ChaosFaultKinds.TransientError => FunctionError(ErrorNames.Transient, $"chaos: {function} failed transiently (injected)"),
            ChaosFaultKinds.NonRetryableError => FunctionError(ErrorNames.InvalidRequest, $"chaos: {function} could not act on its input (injected)"),
            ChaosFaultKinds.Timeout => FromDocument(LambdaErrors.TimedOut(requestId, lambda?.FindFunction(function)?.TimeoutSeconds ?? request.TimeoutSeconds ?? 3)),
            ChaosFaultKinds.Crash => FromDocument(LambdaErrors.RuntimeExited(requestId, "signal: killed")),
            _ => TaskOutcome.Failure(
                ErrorNames.LambdaTooManyRequestsException,
                $"Rate Exceeded. (Service: AWSLambda; Status Code: 429; Error Code: TooManyRequestsException; Request ID: {requestId}; Proxy: null)"),
        };
    }

    private static TaskOutcome FunctionError(string errorType, string message) => FromDocument(LambdaErrors.Document(errorType, message));

    private static TaskOutcome FromDocument(byte[] document)
    {
        var parsed = JsonNode.Parse(document)!;
        return TaskOutcome.Failure(parsed["errorType"]!.GetValue<string>(), System.Text.Encoding.UTF8.GetString(document));
    }

    private static TaskOutcome DynamoDbThrottled(string requestId) => TaskOutcome.Failure(
        ErrorNames.DynamoDbThrottling,
        $"The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API. (Service: DynamoDb, Status Code: 400, Request ID: {requestId})");
}
