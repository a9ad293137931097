using System.Text.Json.Nodes;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

internal sealed partial class ExecutionRun
{
    /// <summary>Runs a Task, Parallel or Map state: each attempt, then Retry (with backoff and jitter) or Catch on failure.</summary>
    private async ValueTask<(JsonNode? Output, string? Next)> RunWithRetryAsync(ResultState state, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        var attempts = new int[state.Retry.Count];
        while (true)
        {
            StatesErrorException failure;
            try
            {
                var result = state switch
                {
                    TaskState task => await RunTaskAttemptAsync(task, input, scope, frame, ct),
                    ParallelState parallel => await RunParallelAttemptAsync(parallel, input, scope, frame, ct),
                    MapState map => await RunMapAttemptAsync(map, input, scope, frame, ct),
                    _ => throw new InvalidOperationException($"unexpected state {state.GetType().Name}"),
                };
                return Exit(state, result, scope, frame);
            }
            catch (StatesErrorException e) when (!e.IsFatal && !ct.IsCancellationRequested)
            {
                failure = e;
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

            var catcher = state.Catch.FirstOrDefault(c => Matches(c.ErrorEquals, failure.Error));
            if (catcher is null)
            {
                throw failure;
            }

            var errorOutput = new JsonObject
            {
                ["Error"] = failure.Error,
                ["Cause"] = failure.Cause ?? "",
            };
            var assigned = catcher.Assign is { } a ? Evaluate(a, errorOutput, scope) as JsonObject : null;
            var output = ApplyResultPath(catcher.ResultPath, input, errorOutput);
            var (o, _) = Exit(state, (output, assigned), scope, frame);
            return (o, catcher.Next);
        }
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
