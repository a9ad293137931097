using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.DynamoDb;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// The Task targets of the local cloud: Lambda functions on the local Lambda host, the DynamoDB integrations on
/// dynalite and <c>events:putEvents</c> on the local EventBridge. Errors carry the names Step Functions gives them
/// on AWS (<c>DynamoDB.ConditionalCheckFailedException</c>, <c>Lambda.ResourceNotFoundException</c>, the function's
/// own errorType) so that the definition's Retry and Catch behave as they will when deployed.
/// A fault aimed at the Task state (<see cref="StateFaultPlan"/>) is applied here, where the state's name is known,
/// as the failure AWS reports for that state's resource.
/// </summary>
internal sealed class CloudTaskInvoker(
    LambdaHost lambda,
    DynamoDbJsonClient dynamoDb,
    IEventPublisher events,
    DynamoDbFaultPlan? dynamoDbFaults = null,
    StateFaultPlan? stateFaults = null,
    FaultPlan? lambdaFaults = null,
    TimeProvider? time = null) : ITaskInvoker
{
    private static readonly HashSet<string> DynamoDbActions = new(StringComparer.Ordinal) { "getItem", "putItem", "updateItem", "deleteItem" };

    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = TargetOf(request);
        if (target != Target.Unsupported && stateFaults?.TakeFault(request.StateName) is { } fault)
        {
            return await InjectAsync(request, target, fault, cancellationToken);
        }

        return target switch
        {
            Target.Lambda => await InvokeLambdaAsync(request, cancellationToken),
            Target.DynamoDb => await CallDynamoDbAsync(request, cancellationToken),
            Target.EventBridge => await PutEventsAsync(request, cancellationToken),
            _ => TaskOutcome.Failure("States.Runtime", $"The resource '{request.Resource}' is not supported by the local cloud (supported: Lambda, dynamodb:getItem/putItem/updateItem/deleteItem, events:putEvents)."),
        };
    }

    private static Target TargetOf(TaskRequest request) => request.Kind switch
    {
        TaskTargetKind.LambdaFunction => Target.Lambda,
        TaskTargetKind.ServiceIntegration when request.Service == "dynamodb" && DynamoDbActions.Contains(request.Action) => Target.DynamoDb,
        TaskTargetKind.ServiceIntegration when request.Service == "events" && request.Action == "putEvents" => Target.EventBridge,
        _ => Target.Unsupported,
    };

    private async Task<TaskOutcome> InjectAsync(TaskRequest request, Target target, StateFaultKind fault, CancellationToken cancellationToken)
    {
        if (target == Target.Lambda)
        {
            return await InjectLambdaAsync(request, fault, cancellationToken);
        }

        if (fault == StateFaultKind.Timeout)
        {
            return await NeverAnswerAsync(request, cancellationToken);
        }

        var requestId = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var (error, status, code, message) = (target, fault) switch
        {
            (Target.DynamoDb, StateFaultKind.Transient) => (ErrorNames.DynamoDbThrottling, 400, "ProvisionedThroughputExceededException", "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API."),
            (Target.DynamoDb, StateFaultKind.Crash) => (ErrorNames.DynamoDbInternalServerError, 500, "InternalServerError", "Internal server error"),

            // The SDK behind Step Functions has no class for ValidationException: it surfaces as the service's base exception.
            (Target.DynamoDb, _) => ("DynamoDB.AmazonDynamoDBException", 400, "ValidationException", "One or more parameter values were invalid: injected validation error"),
            (_, StateFaultKind.Transient) => (ErrorNames.EventBridgeThrottling, 400, "ThrottlingException", "Rate exceeded"),
            (_, StateFaultKind.Crash) => (ErrorNames.EventBridgeInternal, 500, "InternalException", "Internal error"),
            _ => ("EventBridge.AmazonEventBridgeException", 400, "ValidationException", "1 validation error detected: injected validation error"),
        };
        var service = target == Target.DynamoDb ? "DynamoDb" : "EventBridge";
        return TaskOutcome.Failure(error, $"{message} (Service: {service}, Status Code: {status}, Error Code: {code}, Request ID: {requestId}) [injected in state {request.StateName}]");
    }

    /// <summary>
    /// Lambda faults go through the Lambda host's own fault mechanics, so the function's error document, metrics and
    /// logs are those of a real handler error, timeout or runtime exit.
    /// </summary>
    private async Task<TaskOutcome> InjectLambdaAsync(TaskRequest request, StateFaultKind fault, CancellationToken cancellationToken)
    {
        if (lambdaFaults is null)
        {
            return TaskOutcome.Failure("States.Runtime", $"A fault was aimed at state '{request.StateName}', but the local cloud gave the task invoker no Lambda fault plan to apply it with.");
        }

        var injected = fault switch
        {
            StateFaultKind.Transient => new LambdaFault(FaultKind.Error, ErrorNames.Transient, $"Injected transient failure in state {request.StateName}"),
            StateFaultKind.NonRetryable => new LambdaFault(FaultKind.Error, ErrorNames.InvalidRequest, $"Injected non-retryable failure in state {request.StateName}"),
            StateFaultKind.Timeout => new LambdaFault(FaultKind.Timeout),
            _ => new LambdaFault(FaultKind.Crash),
        };
        if (fault == StateFaultKind.Timeout && lambda.FindFunction(request.FunctionName ?? request.Resource) is { } function)
        {
            // The function runs until its own timeout; when the task's TimeoutSeconds is shorter, the engine's timer
            // wins this race and the state sees States.Timeout, as it would on AWS.
            await IdleAsync(TimeSpan.FromSeconds(function.TimeoutSeconds), cancellationToken);
        }

        using (lambdaFaults.ArmNext(injected))
        {
            return await InvokeLambdaAsync(request, cancellationToken);
        }
    }

    /// <summary>A call that never answers: the task's TimeoutSeconds ends it (States.Timeout), or, without one, the execution's.</summary>
    private async Task<TaskOutcome> NeverAnswerAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        // A moment past the task's own timeout, so that its timer fires first however the clock moves.
        await IdleAsync(request.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds + 1) : Timeout.InfiniteTimeSpan, cancellationToken);
        return TaskOutcome.Failure(StatesErrors.Timeout, $"Injected timeout in state {request.StateName}: the call did not answer.");
    }

    /// <summary>Time the task spends waiting; on a virtual clock the execution lets go of the clock, so the task's timeout can fire.</summary>
    private Task IdleAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        if (time is VirtualTimeProvider clock)
        {
            // The virtual clock reads a negative delay as "now": a year stands in for "never" (the longest an execution runs).
            return clock.IdleDelayAsync(delay == Timeout.InfiniteTimeSpan ? TimeSpan.FromDays(366) : delay, cancellationToken);
        }

        return Task.Delay(delay, time ?? TimeProvider.System, cancellationToken);
    }

    private async Task<TaskOutcome> InvokeLambdaAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        var payload = Encoding.UTF8.GetBytes(request.Payload?.ToJsonString() ?? "{}");
        LambdaInvokeResult result;
        try
        {
            result = await lambda.InvokeAsync(request.FunctionName ?? request.Resource, payload, cancellationToken);
        }
        catch (LambdaFunctionNotFoundException)
        {
            return TaskOutcome.Failure(
                "Lambda.ResourceNotFoundException",
                $"Function not found: {request.FunctionName} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {Guid.NewGuid()}; Proxy: null)");
        }

        if (result.IsError)
        {
            return TaskOutcome.Failure(ErrorType(result.Payload), result.PayloadText);
        }

        JsonNode? output;
        try
        {
            output = result.Payload.Length == 0 ? null : JsonNode.Parse(result.Payload.Span);
        }
        catch (JsonException)
        {
            // A function may return bytes that are not JSON; Step Functions fails the task rather than guessing.
            return TaskOutcome.Failure("States.Runtime", $"The Lambda function '{request.FunctionName}' returned a payload that is not valid JSON.");
        }

        return TaskOutcome.Success(output, result.Payload.Length);
    }

    private async Task<TaskOutcome> CallDynamoDbAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (request.Parameters is not JsonObject parameters)
        {
            return TaskOutcome.Failure("States.Runtime", $"The {request.Action} parameters must be a JSON object.");
        }

        var requestId = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var table = parameters["TableName"]?.GetValue<string>() ?? string.Empty;
        if (dynamoDbFaults?.TakeFault(table, request.Action) is { } fault)
        {
            return TaskOutcome.Failure($"DynamoDB.{fault}", $"Injected fault: {fault} on table {table} (Service: DynamoDb, Status Code: 400, Request ID: {requestId})");
        }

        var operation = char.ToUpperInvariant(request.Action[0]) + request.Action[1..];
        try
        {
            var response = await dynamoDb.SendAsync(operation, (JsonObject)parameters.DeepClone(), cancellationToken);
            response["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = new JsonObject { ["x-amzn-RequestId"] = new JsonArray(requestId), ["Content-Type"] = new JsonArray("application/x-amz-json-1.0") },
                ["HttpHeaders"] = new JsonObject { ["x-amzn-RequestId"] = requestId, ["Content-Type"] = "application/x-amz-json-1.0" },
                ["HttpStatusCode"] = 200,
            };
            response["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId };
            return TaskOutcome.Success(response);
        }
        catch (DynamoDbException ex)
        {
            return TaskOutcome.Failure($"DynamoDB.{ex.ErrorType}", $"{DynamoDbMessage(ex)} (Service: DynamoDb, Status Code: 400, Request ID: {requestId})");
        }
        catch (HttpRequestException ex)
        {
            return TaskOutcome.Failure("DynamoDB.AmazonDynamoDBException", $"{ex.Message} (Service: DynamoDb, Status Code: 500, Request ID: {requestId})");
        }
    }

    private async Task<TaskOutcome> PutEventsAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (request.Parameters?["Entries"] is not JsonArray entries)
        {
            return TaskOutcome.Failure("States.Runtime", "The events:putEvents parameters must have an Entries array.");
        }

        // Step Functions accepts Detail as an object and sends PutEvents its JSON text.
        var wire = new JsonArray();
        foreach (var entry in entries)
        {
            var copy = (JsonObject)entry!.DeepClone();
            if (copy["Detail"] is JsonObject or JsonArray)
            {
                copy["Detail"] = copy["Detail"]!.ToJsonString();
            }

            wire.Add(copy);
        }

        var response = await events.PutEventsAsync(wire, cancellationToken);
        var failed = response["FailedEntryCount"]?.GetValue<int>() ?? 0;
        return failed == 0
            ? TaskOutcome.Success(response)
            : TaskOutcome.Failure("EventBridge.FailedEntry", response.ToJsonString());
    }

    private static string ErrorType(ReadOnlyMemory<byte> errorDocument)
    {
        try
        {
            using var document = JsonDocument.Parse(errorDocument);
            return document.RootElement.TryGetProperty("errorType", out var type) && type.ValueKind == JsonValueKind.String
                ? type.GetString()!
                : "Lambda.Unknown";
        }
        catch (JsonException)
        {
            return "Lambda.Unknown";
        }
    }

    // DynamoDbException reads "<type>: <operation> failed: <dynalite's message>"; AWS's cause holds the message only.
    private static string DynamoDbMessage(DynamoDbException ex)
    {
        const string marker = " failed: ";
        var at = ex.Message.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? ex.Message : ex.Message[(at + marker.Length)..];
    }

    private enum Target
    {
        Unsupported,
        Lambda,
        DynamoDb,
        EventBridge,
    }
}
