using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.Cloud;

/// <summary>
/// <c>/_local/faults</c>: tell the local cloud to make a function fail, time out or crash, a table throttle, or one
/// Task state fail whatever it calls, N times or always. Tests and demos use it; the handlers carry no test switch.
/// </summary>
internal static class FaultEndpoints
{
    public const string Prefix = "/_local/faults";

    public static void MapFaults(this IEndpointRouteBuilder endpoints, FaultPlan lambdaFaults, DynamoDbFaultPlan dynamoDbFaults, StateFaultPlan? stateFaults = null)
    {
        endpoints.MapPost($"{Prefix}/lambda/{{function}}", context => AddLambdaFaultAsync(context, lambdaFaults));
        endpoints.MapPost($"{Prefix}/dynamodb/{{table}}", context => AddDynamoDbFaultAsync(context, dynamoDbFaults));
        if (stateFaults is not null)
        {
            endpoints.MapPost($"{Prefix}/state/{{state}}", context => AddStateFaultAsync(context, stateFaults));
        }

        endpoints.MapDelete(Prefix, () =>
        {
            lambdaFaults.Clear();
            dynamoDbFaults.Clear();
            stateFaults?.Clear();
            return Results.NoContent();
        });
    }

    /// <summary>Applies a state fault described as JSON: <c>{"kind": "transient"|"non-retryable"|"timeout"|"crash", "times"}</c>.</summary>
    public static string? ApplyStateFault(StateFaultPlan plan, string stateName, JsonObject fault)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(fault);
        var times = fault["times"]?.GetValueKind() == JsonValueKind.Number ? fault["times"]!.GetValue<int>() : (int?)null;
        if (times is <= 0 || (fault["times"] is { } given && given.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.Null)))
        {
            return "times must be a positive number (omit it for always)";
        }

        var kind = fault["kind"]?.GetValueKind() == JsonValueKind.String ? fault["kind"]!.GetValue<string>() : null;
        if (kind is null || !StateFaultPlan.KindNames.TryGetValue(kind, out var parsed))
        {
            return $"kind must be one of {string.Join(", ", StateFaultPlan.KindNames.Keys)}";
        }

        if (string.IsNullOrWhiteSpace(stateName))
        {
            return "the state name must not be empty";
        }

        plan.Add(stateName, parsed, times);
        return null;
    }

    /// <summary>Applies a fault described as JSON: <c>{"kind": "error"|"timeout"|"crash", "errorType", "errorMessage", "times"}</c>.</summary>
    public static string? Apply(FaultPlan plan, string function, JsonObject fault)
    {
        var times = fault["times"]?.GetValueKind() == JsonValueKind.Number ? fault["times"]!.GetValue<int>() : (int?)null;
        if (times is <= 0)
        {
            return "times must be a positive number (omit it for always)";
        }

        switch (fault["kind"]?.GetValue<string>())
        {
            case "error":
                plan.FailWith(function, fault["errorType"]?.GetValue<string>() ?? "InjectedFault", fault["errorMessage"]?.GetValue<string>() ?? "Injected by the local cloud", times);
                return null;
            case "timeout":
                plan.TimeOut(function, times);
                return null;
            case "crash":
                plan.Crash(function, times);
                return null;
            default:
                return "kind must be one of error, timeout, crash";
        }
    }

    private static async Task AddLambdaFaultAsync(HttpContext context, FaultPlan plan)
    {
        var body = await ReadObjectAsync(context);
        var error = body is null ? "the body must be a JSON object" : ReadFault(() => Apply(plan, (string)context.Request.RouteValues["function"]!, body));
        await WriteAsync(context, error);
    }

    private static async Task AddStateFaultAsync(HttpContext context, StateFaultPlan plan)
    {
        var body = await ReadObjectAsync(context);
        var error = body is null ? "the body must be a JSON object" : ReadFault(() => ApplyStateFault(plan, (string)context.Request.RouteValues["state"]!, body));
        await WriteAsync(context, error);
    }

    private static async Task AddDynamoDbFaultAsync(HttpContext context, DynamoDbFaultPlan plan)
    {
        var body = await ReadObjectAsync(context) ?? [];
        var error = ReadFault(() =>
        {
            var times = body["times"]?.GetValueKind() == JsonValueKind.Number ? body["times"]!.GetValue<int>() : (int?)null;
            if (times is <= 0)
            {
                return "times must be a positive number (omit it for always)";
            }

            plan.Throttle((string)context.Request.RouteValues["table"]!, times, body["errorType"]?.GetValue<string>() ?? "ProvisionedThroughputExceededException", body["operation"]?.GetValue<string>());
            return null;
        });
        await WriteAsync(context, error);
    }

    /// <summary>Runs <paramref name="apply"/>; a member of the wrong type (or a duplicate member) is the caller's error, not a 500.</summary>
    private static string? ReadFault(Func<string?> apply)
    {
        try
        {
            return apply();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            return $"the fault is not valid: {ex.Message} (kind, errorType, errorMessage and operation are strings, times a positive integer)";
        }
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(HttpContext context, string? error)
    {
        context.Response.StatusCode = error is null ? 204 : 400;
        return error is null ? Task.CompletedTask : context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = error }, context.RequestAborted);
    }
}
