using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

internal sealed partial class ExecutionRun
{
    private async ValueTask<(JsonNode? Output, JsonObject? Assigned)> RunTaskAttemptAsync(TaskState task, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        var effective = ApplyInputPath(task, input, scope);
        var parameters = task.Parameters is { } p ? Evaluate(p, effective, scope) : effective;
        var timeout = task.TimeoutSeconds ?? PositiveSecondsFrom(task.TimeoutSecondsPath, effective, scope, "TimeoutSecondsPath");
        var heartbeat = task.HeartbeatSeconds ?? PositiveSecondsFrom(task.HeartbeatSecondsPath, effective, scope, "HeartbeatSecondsPath");
        var target = TaskTarget.For(task.Resource);

        JsonNode? result;
        if (target.IsDirectLambda)
        {
            result = await InvokeDirectLambdaAsync(task, target, parameters, timeout, heartbeat, frame, ct);
        }
        else
        {
            result = await InvokeIntegrationAsync(task, target, parameters, timeout, heartbeat, frame, ct);
        }

        if (task.ResultSelector is { } selector)
        {
            result = Evaluate(selector, result, scope);
        }

        var assigned = task.Assign is { } a ? Evaluate(a, result, scope) as JsonObject : null;
        var output = ApplyOutputPath(task, ApplyResultPath(task.ResultPath, input, result), scope);
        return (output, assigned);
    }

    private int? PositiveSecondsFrom(JsonPath? path, JsonNode? input, StateScope scope, string field)
    {
        if (path is null)
        {
            return null;
        }

        var value = ResolveRequired(path, input, scope, field);
        if (!JsonValues.IsNumber(value, out var d) || d != Math.Floor(d) || d <= 0 || d > int.MaxValue)
        {
            throw new RuntimeFailureException($"The {field} parameter must reference a positive integer: {path.Text} == {Display(value)}");
        }

        return (int)d;
    }

    private async ValueTask<JsonNode?> InvokeDirectLambdaAsync(TaskState task, TaskTarget target, JsonNode? parameters, int? timeout, int? heartbeat, Frame frame, CancellationToken ct)
    {
        var scheduled = new JsonObject
        {
            ["resource"] = task.Resource,
            ["inputDetails"] = NotTruncated(),
        };
        if (timeout is { } t)
        {
            scheduled["timeoutInSeconds"] = t;
        }

        if (heartbeat is { } h)
        {
            scheduled["heartbeatInSeconds"] = h;
        }

        Append(frame, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled, "input", parameters);
        Append(frame, "LambdaFunctionStarted");
        var request = new TaskRequest(task.Resource, TaskTargetKind.LambdaFunction, "lambda", "invoke", task.Resource, parameters, parameters, timeout, heartbeat, _execution.Arn, task.Name);
        var outcome = await InvokeWithTimeoutAsync(request, timeout, ct);
        switch (outcome)
        {
            case null:
                Append(frame, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", new JsonObject { ["error"] = StatesErrors.Timeout });
                throw new StatesErrorException(StatesErrors.Timeout, (string?)null);
            case TaskOutcome.Failed f:
                Append(frame, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", ErrorDetails(f.Error, f.Cause));
                throw new StatesErrorException(f.Error, f.Cause);
            case TaskOutcome.Succeeded s:
                if (JsonValues.ExceedsSize(s.Output, _services.MaxPayloadBytes))
                {
                    var cause = $"The state/task '{task.Resource}' returned a result with a size exceeding the maximum number of bytes service limit.";
                    Append(frame, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", ErrorDetails(StatesErrors.DataLimitExceeded, cause));
                    throw new StatesErrorException(StatesErrors.DataLimitExceeded, cause);
                }

                Append(frame, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", new JsonObject
                {
                    ["outputDetails"] = NotTruncated(),
                }, "output", s.Output);
                return s.Output;
            default:
                throw new InvalidOperationException("unknown task outcome");
        }
    }

    private async ValueTask<JsonNode?> InvokeIntegrationAsync(TaskState task, TaskTarget target, JsonNode? parameters, int? timeout, int? heartbeat, Frame frame, CancellationToken ct)
    {
        var scheduled = new JsonObject
        {
            ["resourceType"] = target.ResourceType,
            ["resource"] = target.ResourceName,
            ["region"] = _services.Region,
        };
        if (timeout is { } t)
        {
            scheduled["timeoutInSeconds"] = t;
        }

        if (heartbeat is { } h)
        {
            scheduled["heartbeatInSeconds"] = h;
        }

        Append(frame, "TaskScheduled", "taskScheduledEventDetails", scheduled, "parameters", parameters);
        Append(frame, "TaskStarted", "taskStartedEventDetails", ResourceDetails(target));

        TaskRequest request;
        if (target.IsLambdaInvoke)
        {
            var functionName = parameters is JsonObject po && JsonValues.IsString(po["FunctionName"], out var fn) ? fn : null;
            if (functionName is null)
            {
                return FailTask(frame, target, "States.Runtime", "The field 'FunctionName' is required by arn:aws:states:::lambda:invoke and must be a string.");
            }

            var payload = LambdaPayload(parameters is JsonObject pobj ? pobj["Payload"] : null);
            request = new TaskRequest(task.Resource, TaskTargetKind.LambdaFunction, "lambda", target.Action, functionName, payload, parameters, timeout, heartbeat, _execution.Arn, task.Name);
        }
        else
        {
            request = new TaskRequest(task.Resource, target.Kind, target.Service, target.Action, null, null, parameters, timeout, heartbeat, _execution.Arn, task.Name);
        }

        var outcome = await InvokeWithTimeoutAsync(request, timeout, ct);
        switch (outcome)
        {
            case null:
                var timedOut = ResourceDetails(target);
                timedOut["error"] = StatesErrors.Timeout;
                Append(frame, "TaskTimedOut", "taskTimedOutEventDetails", timedOut);
                throw new StatesErrorException(StatesErrors.Timeout, (string?)null);
            case TaskOutcome.Failed f:
                var cause = f.Cause;
                if (target.IsLambdaInvoke && cause is not null && !f.Error.StartsWith("Lambda.", StringComparison.Ordinal))
                {
                    cause = Compact(cause);
                }

                return FailTask(frame, target, f.Error, cause);
            case TaskOutcome.Succeeded s:
                var output = target.IsLambdaInvoke ? LambdaInvokeResult(s) : s.Output;
                if (JsonValues.ExceedsSize(output, _services.MaxPayloadBytes))
                {
                    return FailTask(frame, target, StatesErrors.DataLimitExceeded, $"The state/task '{task.Resource}' returned a result with a size exceeding the maximum number of bytes service limit.");
                }

                var succeeded = ResourceDetails(target);
                succeeded["outputDetails"] = NotTruncated();
                Append(frame, "TaskSucceeded", "taskSucceededEventDetails", succeeded, "output", output);
                return output;
            default:
                throw new InvalidOperationException("unknown task outcome");
        }
    }

    /// <summary>
    /// lambda:invoke sends a string Payload as the raw request body (so <c>"{}"</c> arrives as an object), and Lambda
    /// hands a function an empty object when there is no payload.
    /// </summary>
    private static JsonNode? LambdaPayload(JsonNode? payload)
    {
        if (payload is null)
        {
            return new JsonObject();
        }

        if (JsonValues.IsString(payload, out var text))
        {
            try
            {
                return JsonNode.Parse(text) ?? new JsonObject();
            }
            catch (JsonException)
            {
                return payload.DeepClone();
            }
        }

        return payload.DeepClone();
    }

    private JsonNode? FailTask(Frame frame, TaskTarget target, string error, string? cause)
    {
        var details = ResourceDetails(target);
        foreach (var kv in ErrorDetails(error, cause).ToList())
        {
            details[kv.Key] = kv.Value?.DeepClone();
        }

        Append(frame, "TaskFailed", "taskFailedEventDetails", details);
        throw new StatesErrorException(error, cause);
    }

    private static JsonObject ResourceDetails(TaskTarget target) => new()
    {
        ["resourceType"] = target.ResourceType,
        ["resource"] = target.ResourceName,
    };

    private static JsonObject ErrorDetails(string? error, string? cause)
    {
        var details = new JsonObject();
        if (error is not null)
        {
            details["error"] = error;
        }

        if (cause is not null)
        {
            details["cause"] = cause;
        }

        return details;
    }

    /// <summary>AWS re-serialises a function's error document compactly when it comes through lambda:invoke.</summary>
    private static string Compact(string cause)
    {
        try
        {
            return JsonNode.Parse(cause) is JsonObject obj ? JsonValues.ToText(obj) : cause;
        }
        catch (JsonException)
        {
            return cause;
        }
    }

    /// <summary>Runs the invoker, racing the task's timeout; null means the timeout won.</summary>
    private async ValueTask<TaskOutcome?> InvokeWithTimeoutAsync(TaskRequest request, int? timeout, CancellationToken ct)
    {
        if (timeout is null)
        {
            return await _services.TaskInvoker.InvokeAsync(request, ct);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var timerCts = new CancellationTokenSource();
        // The invoker starts first so that a virtual clock already knows real work is in flight when the timer exists.
        var invoke = _services.TaskInvoker.InvokeAsync(request, cts.Token).AsTask();
        var timer = TimeoutTimerAsync(TimeSpan.FromSeconds(timeout.Value), timerCts.Token);
        try
        {
            var first = await Task.WhenAny(invoke, timer);
            await timerCts.CancelAsync();
            await cts.CancelAsync();
            if (first == invoke)
            {
                return await invoke;
            }

            ct.ThrowIfCancellationRequested();
            _ = invoke.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return null;
        }
        finally
        {
            // A timer that fired took the clock for the timeout's handling (see TimeoutTimerAsync).
            if (timer.IsCompletedSuccessfully)
            {
                _virtual?.Release();
            }
        }
    }

    private JsonObject LambdaInvokeResult(TaskOutcome.Succeeded s)
    {
        var length = (s.PayloadBytes ?? JsonValues.Utf8Size(s.Output)).ToString(CultureInfo.InvariantCulture);
        var requestId = Guid.NewGuid().ToString();
        var date = Time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        var trace = $"Root=1-{Time.GetUtcNow().ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..44];
        return new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            ["Payload"] = Detach(s.Output),
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = new JsonObject
                {
                    ["X-Amz-Executed-Version"] = new JsonArray("$LATEST"),
                    ["x-amzn-Remapped-Content-Length"] = new JsonArray("0"),
                    ["Connection"] = new JsonArray("keep-alive"),
                    ["x-amzn-RequestId"] = new JsonArray(requestId),
                    ["Content-Length"] = new JsonArray(length),
                    ["Date"] = new JsonArray(date),
                    ["X-Amzn-Trace-Id"] = new JsonArray(trace),
                    ["Content-Type"] = new JsonArray("application/json"),
                },
                ["HttpHeaders"] = new JsonObject
                {
                    ["Connection"] = "keep-alive",
                    ["Content-Length"] = length,
                    ["Content-Type"] = "application/json",
                    ["Date"] = date,
                    ["X-Amz-Executed-Version"] = "$LATEST",
                    ["x-amzn-Remapped-Content-Length"] = "0",
                    ["x-amzn-RequestId"] = requestId,
                    ["X-Amzn-Trace-Id"] = trace,
                },
                ["HttpStatusCode"] = 200,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
            ["StatusCode"] = 200,
        };
    }
}
