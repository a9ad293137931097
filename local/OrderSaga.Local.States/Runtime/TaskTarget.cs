namespace OrderSaga.Local.States.Runtime;

/// <summary>What a Task's Resource ARN names, and how AWS names it in TaskScheduled events (resourceType, resource).</summary>
internal sealed record TaskTarget(TaskTargetKind Kind, string Service, string Action, string ResourceType, string ResourceName, bool IsDirectLambda, bool IsLambdaInvoke)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskTarget> Parsed = new(StringComparer.Ordinal);

    /// <summary>The parsed resource, parsed once per distinct ARN: a Task's resource never changes between attempts.</summary>
    public static TaskTarget For(string resource) => Parsed.GetOrAdd(resource, Parse);

    public static TaskTarget Parse(string resource)
    {
        var parts = resource.Split(':');
        if (parts.Length >= 7 && parts[2] == "lambda" && parts[5] == "function")
        {
            return new TaskTarget(TaskTargetKind.LambdaFunction, "lambda", "invoke", "lambda", resource, IsDirectLambda: true, IsLambdaInvoke: false);
        }

        if (parts.Length >= 6 && parts[2] == "states" && parts[5] == "activity")
        {
            return new TaskTarget(TaskTargetKind.Activity, "states", "activity", "activity", resource, false, false);
        }

        if (parts.Length >= 7 && parts[2] == "states" && parts[3].Length == 0 && parts[4].Length == 0)
        {
            // arn:aws:states:::dynamodb:putItem, arn:aws:states:::aws-sdk:dynamodb:getItem, arn:aws:states:::lambda:invoke.waitForTaskToken
            var service = parts[5];
            var action = string.Join(':', parts[6..]);
            if (service == "aws-sdk" && parts.Length >= 8)
            {
                return new TaskTarget(TaskTargetKind.ServiceIntegration, parts[6], string.Join(':', parts[7..]), "aws-sdk:" + parts[6], string.Join(':', parts[7..]), false, false);
            }

            var isInvoke = service == "lambda" && action.StartsWith("invoke", StringComparison.Ordinal);
            return new TaskTarget(isInvoke ? TaskTargetKind.LambdaFunction : TaskTargetKind.ServiceIntegration, service, action, service, action, false, isInvoke);
        }

        return new TaskTarget(TaskTargetKind.ServiceIntegration, parts.Length > 2 ? parts[2] : resource, resource, parts.Length > 2 ? parts[2] : "unknown", resource, false, false);
    }
}
