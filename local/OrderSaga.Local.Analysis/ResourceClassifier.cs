using System.Text.Json.Nodes;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.Analysis;

/// <summary>
/// Decides from a Task's Resource whether it changes the world. Only recognisable reads are side-effect free:
/// an integration or SDK action named get*, list*, describe*, query, scan, head*, batchGet*, select* (e.g.
/// <c>dynamodb:getItem</c>, <c>aws-sdk:s3:listObjectsV2</c>). Everything else — Lambda, activities, writes,
/// publishes — is a side effect, because the checker cannot see inside it.
/// </summary>
internal static class ResourceClassifier
{
    private static readonly string[] ReadPrefixes = ["get", "list", "describe", "query", "scan", "head", "batchget", "select"];

    public static bool IsSideEffect(State state) => state switch
    {
        TaskState t => !IsRead(t.Resource),
        ParallelState p => p.Branches.Any(b => b.States.Values.Any(IsSideEffect)),
        MapState m => m.Processor.States.Values.Any(IsSideEffect),
        _ => false,
    };

    public static bool IsRead(string resource)
    {
        const string marker = ":states:::";
        var at = resource.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var integration = resource[(at + marker.Length)..];
        var suffix = integration.IndexOf('.', StringComparison.Ordinal);
        if (suffix >= 0)
        {
            integration = integration[..suffix];
        }

        var action = integration[(integration.LastIndexOf(':') + 1)..].ToUpperInvariant();
        return ReadPrefixes.Any(p => action.StartsWith(p.ToUpperInvariant(), StringComparison.Ordinal));
    }

    /// <summary>The Lambda function a Task calls: Parameters.FunctionName of <c>lambda:invoke</c>, or a function ARN as Resource.</summary>
    public static string? FunctionOf(TaskState task, JsonObject? raw)
    {
        if (task.Resource.Contains(":lambda:", StringComparison.Ordinal) && task.Resource.Contains(":function:", StringComparison.Ordinal))
        {
            return task.Resource;
        }

        return task.Resource.EndsWith(":lambda:invoke", StringComparison.Ordinal) || task.Resource.Contains(":lambda:invoke.", StringComparison.Ordinal)
            ? StringAt(raw?["Parameters"]?["FunctionName"])
            : null;
    }

    /// <summary>The operation a shared function is asked for: an <c>action</c> or <c>operation</c> field of the payload.</summary>
    public static string? ActionOf(JsonObject? raw)
    {
        var parameters = raw?["Parameters"] as JsonObject;
        var payload = parameters?["Payload"] as JsonObject ?? parameters;
        return StringAt(payload?["action"]) ?? StringAt(payload?["operation"]);
    }

    private static string? StringAt(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
