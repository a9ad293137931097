using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.DynamoDb;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// The Task targets of the local cloud: Lambda functions on the local Lambda host, the DynamoDB integrations on
/// dynalite and <c>events:putEvents</c> on the local EventBridge. Errors carry the names Step Functions gives them
/// on AWS (<c>DynamoDB.ConditionalCheckFailedException</c>, <c>Lambda.ResourceNotFoundException</c>, the function's
/// own errorType) so that the definition's Retry and Catch behave as they will when deployed.
/// </summary>
internal sealed class CloudTaskInvoker(LambdaHost lambda, DynamoDbJsonClient dynamoDb, IEventPublisher events, DynamoDbFaultPlan? dynamoDbFaults = null) : ITaskInvoker
{
    private static readonly HashSet<string> DynamoDbActions = new(StringComparer.Ordinal) { "getItem", "putItem", "updateItem", "deleteItem" };

    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Kind switch
        {
            TaskTargetKind.LambdaFunction => await InvokeLambdaAsync(request, cancellationToken),
            TaskTargetKind.ServiceIntegration when request.Service == "dynamodb" && DynamoDbActions.Contains(request.Action) => await CallDynamoDbAsync(request, cancellationToken),
            TaskTargetKind.ServiceIntegration when request.Service == "events" && request.Action == "putEvents" => await PutEventsAsync(request, cancellationToken),
            _ => TaskOutcome.Failure("States.Runtime", $"The resource '{request.Resource}' is not supported by the local cloud (supported: Lambda, dynamodb:getItem/putItem/updateItem/deleteItem, events:putEvents)."),
        };
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
}
