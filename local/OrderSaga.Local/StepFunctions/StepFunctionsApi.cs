using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.StepFunctions;

/// <summary>The Step Functions API (JSON 1.0 protocol, target prefix <c>AWSStepFunctions</c>) over the local registry.</summary>
internal sealed class StepFunctionsApi(StateMachineRegistry registry) : IAwsJsonService
{
    private const int DefaultPageSize = 100;

    public string TargetPrefix => "AWSStepFunctions";

    public string ContentType => "application/x-amz-json-1.0";

    public Task<JsonNode?> HandleAsync(string operation, JsonElement request, CancellationToken cancellationToken)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw AwsJsonError.Serialization("The request body must be a JSON object.");
        }

        JsonNode? response = operation switch
        {
            "ListStateMachines" => ListStateMachines(request),
            "DescribeStateMachine" => DescribeStateMachine(request),
            "StartExecution" => StartExecution(request),
            "DescribeExecution" => DescribeExecution(request),
            "ListExecutions" => ListExecutions(request),
            "GetExecutionHistory" => GetExecutionHistory(request),
            "StopExecution" => StopExecution(request),
            "RedriveExecution" => RedriveExecution(request),
            "DescribeStateMachineForExecution" => DescribeStateMachineForExecution(request),
            _ => throw AwsJsonError.UnknownOperation($"{TargetPrefix}.{operation}"),
        };
        return Task.FromResult<JsonNode?>(response);
    }

    private JsonObject ListStateMachines(JsonElement request)
    {
        var page = Page(registry.StateMachines.ToList(), request);
        return WithToken(new JsonObject
        {
            ["stateMachines"] = new JsonArray([.. page.Items.Select(m => (JsonNode)new JsonObject
            {
                ["stateMachineArn"] = m.Arn,
                ["name"] = m.Name,
                ["type"] = TypeName(m.Type),
                ["creationDate"] = AwsJson.Epoch(m.CreationDate),
            })]),
        }, page.NextToken);
    }

    private JsonObject DescribeStateMachine(JsonElement request) => Describe(registry.GetMachine(Required(request, "stateMachineArn")));

    private JsonObject DescribeStateMachineForExecution(JsonElement request)
    {
        var execution = registry.GetExecution(Required(request, "executionArn"));
        var description = Describe(registry.GetMachine(execution.StateMachineArn));
        description.Remove("status");
        description.Remove("creationDate");
        description.Remove("type");
        description["updateDate"] = AwsJson.Epoch(registry.GetMachine(execution.StateMachineArn).CreationDate);
        return description;
    }

    private static JsonObject Describe(DeployedStateMachine machine) => new()
    {
        ["stateMachineArn"] = machine.Arn,
        ["name"] = machine.Name,
        ["status"] = "ACTIVE",
        ["definition"] = machine.Definition,
        ["roleArn"] = machine.RoleArn,
        ["type"] = TypeName(machine.Type),
        ["creationDate"] = AwsJson.Epoch(machine.CreationDate),
        ["loggingConfiguration"] = new JsonObject { ["level"] = machine.LoggingLevel, ["includeExecutionData"] = machine.LoggingLevel != "OFF" },
        ["tracingConfiguration"] = new JsonObject { ["enabled"] = machine.TracingEnabled },
    };

    private JsonObject StartExecution(JsonElement request)
    {
        var (execution, _) = registry.Start(Required(request, "stateMachineArn"), Optional(request, "name"), Optional(request, "input"));
        return new JsonObject { ["executionArn"] = execution.Arn, ["startDate"] = AwsJson.Epoch(execution.StartDate) };
    }

    private JsonObject DescribeExecution(JsonElement request)
    {
        var execution = registry.GetExecution(Required(request, "executionArn"));
        var response = new JsonObject
        {
            ["executionArn"] = execution.Arn,
            ["stateMachineArn"] = execution.StateMachineArn,
            ["name"] = execution.Name,
            ["status"] = execution.Status.ToAws(),
            ["startDate"] = AwsJson.Epoch(execution.StartDate),
            ["input"] = execution.Input?.ToJsonString() ?? "{}",
            ["inputDetails"] = new JsonObject { ["included"] = true },
        };
        if (execution.StopDate is { } stopDate)
        {
            response["stopDate"] = AwsJson.Epoch(stopDate);
        }

        if (execution.Status == ExecutionStatus.Succeeded)
        {
            response["output"] = execution.Output?.ToJsonString() ?? "null";
            response["outputDetails"] = new JsonObject { ["included"] = true };
        }

        if (execution.Error is not null)
        {
            response["error"] = execution.Error;
        }

        if (execution.Cause is not null)
        {
            response["cause"] = execution.Cause;
        }

        response["redriveCount"] = execution.RedriveCount;
        if (execution.RedriveDate is { } redriveDate)
        {
            response["redriveDate"] = AwsJson.Epoch(redriveDate);
        }

        // REDRIVABLE_BY_MAP_RUN is for the child executions of a Distributed Map, which this engine does not record.
        if (execution.NotRedrivableReason() is { } reason)
        {
            response["redriveStatus"] = "NOT_REDRIVABLE";
            response["redriveStatusReason"] = reason;
        }
        else
        {
            response["redriveStatus"] = "REDRIVABLE";
        }

        return response;
    }

    private JsonObject ListExecutions(JsonElement request)
    {
        var machineArn = Required(request, "stateMachineArn");
        var filter = Optional(request, "statusFilter");
        var redriveFilter = Optional(request, "redriveFilter");
        if (redriveFilter is not null and not ("REDRIVEN" or "NOT_REDRIVEN"))
        {
            throw AwsJsonError.Validation($"1 validation error detected: Value '{redriveFilter}' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]");
        }

        var all = registry.ExecutionsOf(machineArn)
            .Where(e => filter is null || e.Status.ToAws() == filter)
            .Where(e => redriveFilter is null || (e.RedriveCount > 0) == (redriveFilter == "REDRIVEN"))
            .ToList();
        var page = Page(all, request);
        return WithToken(new JsonObject
        {
            ["executions"] = new JsonArray([.. page.Items.Select(e =>
            {
                var item = new JsonObject
                {
                    ["executionArn"] = e.Arn,
                    ["stateMachineArn"] = e.StateMachineArn,
                    ["name"] = e.Name,
                    ["status"] = e.Status.ToAws(),
                    ["startDate"] = AwsJson.Epoch(e.StartDate),
                };
                if (e.StopDate is { } stop)
                {
                    item["stopDate"] = AwsJson.Epoch(stop);
                }

                if (e.Type == StateMachineType.Standard)
                {
                    item["redriveCount"] = e.RedriveCount;
                }

                if (e.RedriveDate is { } redriven)
                {
                    item["redriveDate"] = AwsJson.Epoch(redriven);
                }

                return (JsonNode)item;
            })]),
        }, page.NextToken);
    }

    private JsonObject GetExecutionHistory(JsonElement request)
    {
        var execution = registry.GetExecution(Required(request, "executionArn"));
        var includeData = !request.TryGetProperty("includeExecutionData", out var include) || include.ValueKind != JsonValueKind.False;
        IEnumerable<HistoryEvent> history = execution.History;
        if (request.TryGetProperty("reverseOrder", out var reverse) && reverse.ValueKind == JsonValueKind.True)
        {
            history = history.Reverse();
        }

        var page = Page(history.ToList(), request);
        return WithToken(new JsonObject { ["events"] = new JsonArray([.. page.Items.Select(e => (JsonNode)ToJson(e, includeData))]) }, page.NextToken);
    }

    private JsonObject StopExecution(JsonElement request)
    {
        var execution = registry.GetExecution(Required(request, "executionArn"));
        execution.Stop(Optional(request, "error"), Optional(request, "cause"));
        return new JsonObject { ["stopDate"] = AwsJson.Epoch(execution.StopDate ?? registry.Services.Time.GetUtcNow()) };
    }

    private JsonObject RedriveExecution(JsonElement request)
    {
        var clientToken = Optional(request, "clientToken");
        if (clientToken is { Length: 0 or > 64 })
        {
            throw AwsJsonError.Validation($"1 validation error detected: Value '{clientToken}' at 'clientToken' failed to satisfy constraint: Member must have length between 1 and 64");
        }

        var redriveDate = registry.Redrive(Required(request, "executionArn"), clientToken);
        return new JsonObject { ["redriveDate"] = AwsJson.Epoch(redriveDate) };
    }

    internal static JsonObject ToJson(HistoryEvent e, bool includeExecutionData = true)
    {
        var json = new JsonObject
        {
            ["timestamp"] = AwsJson.Epoch(e.Timestamp),
            ["type"] = e.Type,
            ["id"] = e.Id,
            ["previousEventId"] = e.PreviousEventId,
        };
        if (e.DetailsName is not null && (e.Details is not null || e.PayloadKey is not null))
        {
            var details = (JsonObject?)e.Details?.DeepClone() ?? [];
            // The engine keeps the event's payload (a state's input or output, a task's parameters) apart from its details.
            if (e.PayloadKey is not null && includeExecutionData)
            {
                details[e.PayloadKey] = e.PayloadText;
            }

            if (!includeExecutionData)
            {
                details.Remove("input");
                details.Remove("output");
            }

            json[e.DetailsName] = details;
        }

        return json;
    }

    private static string TypeName(StateMachineType type) => type == StateMachineType.Express ? "EXPRESS" : "STANDARD";

    private static string Required(JsonElement request, string name) =>
        Optional(request, name) ?? throw AwsJsonError.Validation($"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null");

    private static string? Optional(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static (List<T> Items, string? NextToken) Page<T>(List<T> all, JsonElement request)
    {
        var size = DefaultPageSize;
        if (request.TryGetProperty("maxResults", out var max) && max.ValueKind != JsonValueKind.Null)
        {
            if (max.ValueKind != JsonValueKind.Number || !max.TryGetInt32(out var m))
            {
                throw AwsJsonError.Serialization($"maxResults must be an integer, not {max.ValueKind}.");
            }

            size = m > 0 ? Math.Min(m, 1000) : DefaultPageSize;
        }

        var start = 0;
        if (Optional(request, "nextToken") is { } token)
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count)
            {
                throw StepFunctionsErrors.InvalidToken(token);
            }
        }

        var items = all.Skip(start).Take(size).ToList();
        var next = start + items.Count < all.Count ? (start + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        return (items, next);
    }

    private static JsonObject WithToken(JsonObject response, string? nextToken)
    {
        if (nextToken is not null)
        {
            response["nextToken"] = nextToken;
        }

        return response;
    }
}
