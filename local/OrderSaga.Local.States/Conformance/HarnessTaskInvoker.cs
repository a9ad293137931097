using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Conformance;

/// <summary>
/// The Lambda functions the corpus was recorded with, by kind (echo, return:, raise:, sleep:60;echo...). Any other
/// function name does not exist and fails as AWS does. Sleeps use the execution's clock, so a virtual clock makes them free.
/// </summary>
public sealed class HarnessTaskInvoker(IReadOnlyDictionary<string, string> functionKinds, TimeProvider time, string region, string accountId) : ITaskInvoker
{
    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind != TaskTargetKind.LambdaFunction)
        {
            return TaskOutcome.Failure(StatesErrors.TaskFailed, $"The conformance harness provides Lambda functions only; '{request.Resource}' is not available.");
        }

        var name = FunctionName(request.FunctionName ?? "");
        if (!functionKinds.TryGetValue(name, out var kind))
        {
            return TaskOutcome.Failure(
                "Lambda.ResourceNotFoundException",
                $"Function not found: arn:aws:lambda:{region}:{accountId}:function:{name}:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {Guid.NewGuid()}; Proxy: null)");
        }

        var payload = request.Payload;
        foreach (var step in kind.Split(';'))
        {
            if (step.StartsWith("sleep:", StringComparison.Ordinal))
            {
                var seconds = int.Parse(step["sleep:".Length..], System.Globalization.CultureInfo.InvariantCulture);
                // A simulated function that takes time: on the virtual clock it must let time pass (the task's timeout races it).
                await (time is VirtualTimeProvider clock
                    ? clock.IdleDelayAsync(TimeSpan.FromSeconds(seconds), cancellationToken)
                    : Task.Delay(TimeSpan.FromSeconds(seconds), time, cancellationToken));
                continue;
            }

            return Run(step, payload);
        }

        return TaskOutcome.Failure(StatesErrors.TaskFailed, $"The harness kind '{kind}' does not end with a result.");
    }

    private static TaskOutcome Run(string kind, JsonNode? payload)
    {
        if (kind == "echo")
        {
            return TaskOutcome.Success(payload?.DeepClone(), PythonJson.Dumps(payload).Length);
        }

        if (kind.StartsWith("return:", StringComparison.Ordinal))
        {
            var value = JsonNode.Parse(kind["return:".Length..]);
            return TaskOutcome.Success(value, PythonJson.Dumps(value).Length);
        }

        if (kind.StartsWith("return-raw:", StringComparison.Ordinal))
        {
            var raw = kind["return-raw:".Length..];
            return TaskOutcome.Success(JsonNode.Parse(raw), raw.Length);
        }

        if (kind.StartsWith("return-python-format:", StringComparison.Ordinal))
        {
            var template = kind["return-python-format:".Length..];
            var text = template.Replace("{event}", PythonJson.Repr(payload), StringComparison.Ordinal);
            return TaskOutcome.Success(JsonValue.Create(text), PythonJson.Dumps(JsonValue.Create(text)).Length);
        }

        if (kind.StartsWith("return-large:", StringComparison.Ordinal))
        {
            var size = int.Parse(kind["return-large:".Length..], System.Globalization.CultureInfo.InvariantCulture);
            return TaskOutcome.Success(JsonValue.Create(new string('a', size)), size + 2);
        }

        if (kind.StartsWith("raise:", StringComparison.Ordinal))
        {
            var type = kind["raise:".Length..];
            var (message, line, statement) = type switch
            {
                "Exception" => ("Some exception was raised.", 2, "raise Exception(\"Some exception was raised.\")"),
                _ => ("", 9, $"raise {type}()"),
            };
            var error = new JsonObject
            {
                ["errorMessage"] = message,
                ["errorType"] = type,
                ["requestId"] = Guid.NewGuid().ToString(),
                ["stackTrace"] = new JsonArray($"  File \"/var/task/handler.py\", line {line}, in handler\n    {statement}\n"),
            };
            return TaskOutcome.Failure(type, PythonJson.Dumps(error));
        }

        return TaskOutcome.Failure(StatesErrors.TaskFailed, $"Unknown harness function kind '{kind}'.");
    }

    private static string FunctionName(string nameOrArn)
    {
        var parts = nameOrArn.Split(':');
        return parts.Length >= 7 && parts[5] == "function" ? parts[6] : nameOrArn;
    }

    internal static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;
}
