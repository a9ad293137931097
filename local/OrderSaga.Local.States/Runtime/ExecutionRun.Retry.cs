using System.Text.Json.Nodes;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

internal sealed partial class ExecutionRun
{
    /// <summary>Runs a Task, Parallel or Map state: each attempt, then Retry (with backoff and jitter) or Catch on failure.</summary>
    private async ValueTask<Step> RunWithRetryAsync(ResultState state, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        try
        {
            var attempts = state.Retry.Count == 0 ? [] : new int[state.Retry.Count];
            while (true)
            {
                StatesErrorException? failure;
                try
                {
                    (JsonNode? Output, JsonObject? Assigned) result;
                    if (state is TaskState task)
                    {
                        // A task's own error comes back as a value; only unexpected errors are thrown. An integration's
                        // invocation is awaited here, in the retry loop's own frame, rather than in one per attempt.
                        var prepared = StartTaskAttempt(task, input, scope, frame, out var request);
                        var attempt = prepared.Failure is not null
                            ? (null, null, prepared.Failure)
                            : request is not null
                                ? EndIntegrationAttempt(task, prepared, input, await InvokeWithTimeoutAsync(request, prepared.Timeout, ct), scope, frame)
                                : await RunDirectLambdaAttemptAsync(task, prepared, input, scope, frame, ct);
                        failure = attempt.Failure;
                        result = (attempt.Output, attempt.Assigned);
                    }
                    else
                    {
                        failure = null;
                        result = state switch
                        {
                            ParallelState parallel => await RunParallelAttemptAsync(parallel, input, scope, frame, ct),
                            MapState map => await RunMapAttemptAsync(map, input, scope, frame, ct),
                            _ => throw new InvalidOperationException($"unexpected state {state.GetType().Name}"),
                        };
                    }

                    if (failure is null)
                    {
                        return Exit(state, result, scope, frame);
                    }
                }
                catch (StatesErrorException e) when (!e.IsFatal && !ct.IsCancellationRequested)
                {
                    failure = e;
                }

                if (failure.IsFatal || ct.IsCancellationRequested)
                {
                    // As an exception thrown from the attempt would have done, these pass by Retry and Catch.
                    throw failure;
                }

                var retryIndex = FindRetrier(state.Retry, failure.Error);
                if (retryIndex >= 0 && attempts[retryIndex] < state.Retry[retryIndex].MaxAttempts)
                {
                    var retrier = state.Retry[retryIndex];
                    var delay = RetryDelay(retrier, attempts[retryIndex]);
                    attempts[retryIndex]++;
                    scope.RetryCount++;
                    await IdleDelayAsync(delay, ct);
                    continue;
                }

                if (state is ParallelState or MapState)
                {
                    Append(frame, state.TypeName + "StateFailed");
                }

                var catcher = FindCatcher(state.Catch, failure.Error);
                if (catcher is null)
                {
                    return new Step(null, null, failure);
                }

                var errorOutput = new JsonObject
                {
                    ["Error"] = failure.Error,
                    ["Cause"] = failure.Cause ?? "",
                };
                var assigned = catcher.Assign is { } a ? Evaluate(a, errorOutput, scope) as JsonObject : null;
                var output = ApplyResultPath(catcher.ResultPath, input, errorOutput);
                return Exit(state, (output, assigned), scope, frame) with { Next = catcher.Next };
            }
        }
        catch (RuntimeFailureException e)
        {
            // Passes by Retry and Catch, as on AWS: a state that cannot run is an error of the definition or its data.
            throw StateRuntimeError(scope, e);
        }
    }

    private static Catcher? FindCatcher(IReadOnlyList<Catcher> catchers, string? error)
    {
        foreach (var c in catchers)
        {
            if (Matches(c.ErrorEquals, error))
            {
                return c;
            }
        }

        return null;
    }

    private static int FindRetrier(IReadOnlyList<Retrier> retriers, string? error)
    {
        for (var i = 0; i < retriers.Count; i++)
        {
            if (Matches(retriers[i].ErrorEquals, error))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// States.ALL matches any error; States.TaskFailed matches any error of a task except a timeout; a named error
    /// matches itself. A Fail state without an Error matches only States.ALL.
    /// </summary>
    internal static bool Matches(IReadOnlyList<string> errorEquals, string? error)
    {
        foreach (var name in errorEquals)
        {
            if (name == StatesErrors.All)
            {
                return true;
            }

            if (error is null)
            {
                continue;
            }

            if (name == error)
            {
                return true;
            }

            if (name == StatesErrors.TaskFailed && error != StatesErrors.Timeout)
            {
                return true;
            }
        }

        return false;
    }

    private TimeSpan RetryDelay(Retrier retrier, int attempt)
    {
        var seconds = retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, attempt);
        if (retrier.MaxDelaySeconds is { } max && seconds > max)
        {
            seconds = max;
        }

        if (retrier.JitterStrategy == JitterStrategy.Full)
        {
            seconds *= NextJitter();
        }

        return TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue));
    }
}
