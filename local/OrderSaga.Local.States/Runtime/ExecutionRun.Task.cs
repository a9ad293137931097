using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

internal sealed partial class ExecutionRun
{
    private async ValueTask<(JsonNode? Output, JsonObject? Assigned, StatesErrorException? Failure)> RunDirectLambdaAttemptAsync(TaskState task, TaskAttempt attempt, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        var (lambdaOutput, failure) = await InvokeDirectLambdaAsync(task, attempt.Plan, attempt.Parameters, attempt.Timeout, attempt.Heartbeat, frame, ct);
        return failure is not null ? (null, null, failure) : EndTaskAttempt(task, input, lambdaOutput, scope);
    }

    /// <summary>
    /// A task attempt up to its invocation: the effective input, the parameters and, for an integration, TaskScheduled,
    /// TaskStarted and the request. The retry loop awaits the invocation itself, so an attempt costs no async frame of its own.
    /// </summary>
    private TaskAttempt StartTaskAttempt(TaskState task, JsonNode? input, StateScope scope, Frame frame, out TaskRequest? request)
    {
        var effective = ApplyInputPath(task, input, scope);
        var parameters = task.Parameters is { } p ? Evaluate(p, effective, scope) : effective;
        var timeout = task.TimeoutSeconds ?? PositiveSecondsFrom(task.TimeoutSecondsPath, effective, scope, "TimeoutSecondsPath");
        var heartbeat = task.HeartbeatSeconds ?? PositiveSecondsFrom(task.HeartbeatSecondsPath, effective, scope, "HeartbeatSecondsPath");
        var plan = StatePlan.For(task);
        var target = plan.Target!;
        request = null;
        if (target.IsDirectLambda)
        {
            return new TaskAttempt(plan, target, parameters, timeout, heartbeat, null);
        }

        var startFailure = StartIntegration(task, plan, parameters, timeout, heartbeat, frame, out var started);
        request = startFailure is null ? started : null;
        return new TaskAttempt(plan, target, parameters, timeout, heartbeat, startFailure);
    }

    /// <summary>An integration's attempt once the invoker has answered (null: the timeout won).</summary>
    private (JsonNode? Output, JsonObject? Assigned, StatesErrorException? Failure) EndIntegrationAttempt(TaskState task, TaskAttempt attempt, JsonNode? input, TaskOutcome? outcome, StateScope scope, Frame frame)
    {
        var (taskOutput, invoked, failure) = EndIntegration(task, attempt.Plan, outcome, frame);
        if (failure is not null)
        {
            return (null, null, failure);
        }

        var result = invoked is not null ? SelectFromInvokeResult(task, attempt.Plan, invoked, scope) : taskOutput;
        return EndTaskAttempt(task, input, result, scope);
    }

    private (JsonNode? Output, JsonObject? Assigned, StatesErrorException? Failure) EndTaskAttempt(TaskState task, JsonNode? input, JsonNode? result, StateScope scope)
    {
        if (!StatePlan.For(task).Target!.IsLambdaInvoke && task.ResultSelector is { } selector)
        {
            result = Evaluate(selector, result, scope);
        }

        var assigned = task.Assign is { } a ? Evaluate(a, result, scope) as JsonObject : null;
        var output = ApplyOutputPath(task, ApplyResultPath(task.ResultPath, input, result), scope);
        return (output, assigned, null);
    }

    /// <summary>What a task attempt prepared before its invocation.</summary>
    private readonly record struct TaskAttempt(StatePlan Plan, TaskTarget Target, JsonNode? Parameters, int? Timeout, int? Heartbeat, StatesErrorException? Failure);

    /// <summary>
    /// A lambda:invoke result through the Task's ResultSelector. A selector that reads only the payload reads it directly
    /// and the invoke response around it is never built; should it fail, it runs again on the whole response, so that
    /// its error names the document AWS would name.
    /// </summary>
    private JsonNode? SelectFromInvokeResult(TaskState task, StatePlan plan, LambdaInvokeResult invoked, StateScope scope)
    {
        if (task.ResultSelector is not { } selector)
        {
            return invoked.Full;
        }

        if (plan.PayloadSelector is { } onPayload)
        {
            try
            {
                return Evaluate(onPayload, invoked.Payload, scope);
            }
            catch (RuntimeFailureException)
            {
                // Falls through to the selector on the whole response.
            }
        }

        return Evaluate(selector, invoked.Full, scope);
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

    private async ValueTask<(JsonNode? Output, StatesErrorException? Failure)> InvokeDirectLambdaAsync(TaskState task, StatePlan plan, JsonNode? parameters, int? timeout, int? heartbeat, Frame frame, CancellationToken ct)
    {
        if (timeout is null && heartbeat is null)
        {
            AppendDeferred(frame, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", plan.LambdaScheduledDetails!, "input", parameters);
        }
        else
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
        }

        Append(frame, "LambdaFunctionStarted");
        var request = new TaskRequest(task.Resource, TaskTargetKind.LambdaFunction, "lambda", "invoke", task.Resource, parameters, parameters, timeout, heartbeat, _execution.Arn, task.Name);
        var outcome = await InvokeWithTimeoutAsync(request, timeout, ct);
        switch (outcome)
        {
            case null:
                Append(frame, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", new JsonObject { ["error"] = StatesErrors.Timeout });
                return (null, new StatesErrorException(StatesErrors.Timeout, (string?)null));
            case TaskOutcome.Failed f:
                Append(frame, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", ErrorDetails(f.Error, f.Cause));
                return (null, new StatesErrorException(f.Error, f.Cause));
            case TaskOutcome.Succeeded s:
                if (JsonValues.ExceedsSize(s.Output, _services.MaxPayloadBytes))
                {
                    var cause = $"The state/task '{task.Resource}' returned a result with a size exceeding the maximum number of bytes service limit.";
                    Append(frame, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", ErrorDetails(StatesErrors.DataLimitExceeded, cause));
                    return (null, new StatesErrorException(StatesErrors.DataLimitExceeded, cause));
                }

                AppendDeferred(frame, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails", plan.SucceededDetails!, "output", s.Output);
                return (s.Output, null);
            default:
                throw new InvalidOperationException("unknown task outcome");
        }
    }

    /// <summary>Records TaskScheduled and TaskStarted and builds the request; an error instead if the parameters cannot make one.</summary>
    private StatesErrorException? StartIntegration(TaskState task, StatePlan plan, JsonNode? parameters, int? timeout, int? heartbeat, Frame frame, out TaskRequest request)
    {
        request = null!;
        var target = plan.Target!;
        if (timeout is null && heartbeat is null)
        {
            AppendDeferred(frame, "TaskScheduled", "taskScheduledEventDetails", plan.ScheduledDetails(_services.Region), "parameters", parameters);
        }
        else
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
        }

        AppendDeferred(frame, "TaskStarted", "taskStartedEventDetails", plan.StartedDetails!);

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

        return null;
    }

    /// <summary>Records how the task ended; a lambda:invoke success comes back as the deferred invoke response, any other as its output.</summary>
    private (JsonNode? Output, LambdaInvokeResult? Invoked, StatesErrorException? Failure) EndIntegration(TaskState task, StatePlan plan, TaskOutcome? outcome, Frame frame)
    {
        var target = plan.Target!;
        switch (outcome)
        {
            case null:
                var timedOut = ResourceDetails(target);
                timedOut["error"] = StatesErrors.Timeout;
                Append(frame, "TaskTimedOut", "taskTimedOutEventDetails", timedOut);
                return (null, null, new StatesErrorException(StatesErrors.Timeout, (string?)null));
            case TaskOutcome.Failed f:
                var cause = f.Cause;
                if (target.IsLambdaInvoke && cause is not null && !f.Error.StartsWith("Lambda.", StringComparison.Ordinal))
                {
                    cause = Compact(cause);
                }

                return (null, null, FailTask(frame, target, f.Error, cause));
            case TaskOutcome.Succeeded s when target.IsLambdaInvoke:
                var invoked = new LambdaInvokeResult(s.Output, s.PayloadBytes, Time.GetUtcNow());
                if (invoked.ExceedsSize(_services.MaxPayloadBytes))
                {
                    return (null, null, FailTask(frame, target, StatesErrors.DataLimitExceeded, $"The state/task '{task.Resource}' returned a result with a size exceeding the maximum number of bytes service limit."));
                }

                AppendDeferred(frame, "TaskSucceeded", "taskSucceededEventDetails", plan.SucceededDetails!, "output", null, invoked);
                return (null, invoked, null);
            case TaskOutcome.Succeeded s:
                if (JsonValues.ExceedsSize(s.Output, _services.MaxPayloadBytes))
                {
                    return (null, null, FailTask(frame, target, StatesErrors.DataLimitExceeded, $"The state/task '{task.Resource}' returned a result with a size exceeding the maximum number of bytes service limit."));
                }

                AppendDeferred(frame, "TaskSucceeded", "taskSucceededEventDetails", plan.SucceededDetails!, "output", s.Output);
                return (s.Output, null, null);
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

        // Shared, not copied: an invoker reads the payload (or copies it), it never changes it.
        return payload;
    }

    /// <summary>Records TaskFailed and returns the error for Retry and Catch.</summary>
    private StatesErrorException FailTask(Frame frame, TaskTarget target, string error, string? cause)
    {
        var details = ResourceDetails(target);
        details["error"] = error;
        if (cause is not null)
        {
            details["cause"] = cause;
        }

        Append(frame, "TaskFailed", "taskFailedEventDetails", details);
        return new StatesErrorException(error, cause);
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
    private ValueTask<TaskOutcome?> InvokeWithTimeoutAsync(TaskRequest request, int? timeout, CancellationToken ct)
    {
        if (timeout is null)
        {
            // No timer to race: the invoker's own ValueTask, without an async frame around it (TaskOutcome and
            // TaskOutcome? are one type at run time).
            return _services.TaskInvoker.InvokeAsync(request, ct)!;
        }

        return InvokeRacingTimeoutAsync(request, timeout.Value, ct);
    }

    private async ValueTask<TaskOutcome?> InvokeRacingTimeoutAsync(TaskRequest request, int timeout, CancellationToken ct)
    {

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var timerCts = new CancellationTokenSource();
        // The timer exists before the invoker starts: an invoker that idles on a virtual clock (a simulated slow function)
        // lets the clock run at once, and the timeout must already be among the timers it can reach.
        var timer = TimeoutTimerAsync(TimeSpan.FromSeconds(timeout), timerCts.Token);
        var invoke = _services.TaskInvoker.InvokeAsync(request, cts.Token).AsTask();
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
}
