using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

/// <summary>The interpreter for one execution: walks the compiled states, records history, applies Retry and Catch.</summary>
internal sealed partial class ExecutionRun
{
    private static readonly TimeSpan MaxTimerStep = TimeSpan.FromDays(40);
    private static readonly DeferredTemplate SucceededDetails = new(new JsonObject { ["outputDetails"] = NotTruncated() });

    private readonly CompiledStateMachine _machine;
    private readonly Execution _execution;
    private readonly ExecutionServices _services;
    private Random? _randomSource;
    private JsonNode? _lastSizedOutput;
    private readonly string _stateMachineName;
    private readonly CancellationToken _stop;
    private readonly int _attempt;
    private readonly RedrivePoint? _redriveFrom;
    private Frame? _topFrame;
    private TaskCompletionSource? _ended;

    /// <summary>A run of <paramref name="execution"/>: its first, or a redrive from <paramref name="redriveFrom"/>.</summary>
    public ExecutionRun(CompiledStateMachine machine, Execution execution, ExecutionServices services, int attempt = 0, RedrivePoint? redriveFrom = null)
    {
        _machine = machine;
        _execution = execution;
        _services = services;
        _attempt = attempt;
        _redriveFrom = redriveFrom;
        var smArn = execution.StateMachineArn;
        var i = smArn.LastIndexOf(':');
        _stateMachineName = i >= 0 ? smArn[(i + 1)..] : smArn;
        _stop = execution.StopToken;
    }

    private TimeProvider Time => _services.Time;

    /// <summary>For jitter and States.MathRandom, which few executions use: created on first use.</summary>
    private Random _random
    {
        get
        {
            if (_randomSource is { } existing)
            {
                return existing;
            }

            var created = _services.RandomSeed is { } seed ? new Random(seed) : new Random();
            return Interlocked.CompareExchange(ref _randomSource, created, null) ?? created;
        }
    }

    private VirtualTimeProvider? _virtual => _services.Time as VirtualTimeProvider;

    /// <summary>A Wait state or a retry backoff: idle time, during which a virtual clock may move on.</summary>
    private Task IdleDelayAsync(TimeSpan delay, CancellationToken ct) =>
        _virtual is { } clock ? clock.IdleDelayAsync(delay, ct) : DelayAsync(delay, ct);

    public async Task RunAsync()
    {
        _virtual?.Acquire();
        try
        {
            await RunExecutionAsync();
        }
        finally
        {
            _virtual?.Release();
            if (_ended is { } ended)
            {
                Execution.SignalCompletion(ended);
            }
        }
    }

    /// <summary>
    /// The state machine's TimeoutSeconds, or a task's. On a virtual clock the timer takes the clock inside its own
    /// callback (released by the caller once the timeout is handled), so that time cannot move on to a later timer, such
    /// as the end of the Wait the timeout interrupts, before the execution has timed out.
    /// </summary>
    private Task TimeoutTimerAsync(TimeSpan delay, CancellationToken ct)
    {
        if (_virtual is not { } clock)
        {
            return DelayAsync(delay, ct);
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settled = 0;
        var timer = clock.CreateTimer(
            _ =>
            {
                if (Interlocked.Exchange(ref settled, 1) == 0)
                {
                    clock.Acquire();
                    done.TrySetResult();
                }
            },
            null,
            delay,
            Timeout.InfiniteTimeSpan);
        // Cancelled, the timer is dropped and its task left pending: callers race it in Task.WhenAny and, once the race is
        // decided, only ask whether it fired. Completing it would run WhenAny's leftover continuation under a lock that
        // 100 executions in flight contend for (a quarter of the engine's CPU).
        ct.Register(() =>
        {
            if (Interlocked.Exchange(ref settled, 1) == 0)
            {
                timer.Dispose();
            }
        });
        return done.Task;
    }

    private async Task RunExecutionAsync()
    {
        Frame frame;
        string startAt;
        JsonNode? input;
        if (_redriveFrom is { } point)
        {
            // ExecutionRedriven follows the event that ended the previous run, and the redriven state's events follow it;
            // the states that succeeded before are not rerun.
            frame = new Frame(point.Variables, _execution.HistoryCount, null, recording: true);
            Append(frame, "ExecutionRedriven", "executionRedrivenEventDetails", new JsonObject
            {
                ["redriveCount"] = _execution.RedriveCount,
            });
            startAt = point.StateName;
            input = point.Input;
        }
        else
        {
            AppendDeferred(null, "ExecutionStarted", "executionStartedEventDetails", new StartedDetails(_execution.RoleArn), "input", _execution.Input);
            // As on AWS, the first state's events do not point back at ExecutionStarted (previousEventId 0).
            frame = new Frame(new VariableScope(null), 0, null, recording: true);
            startAt = _machine.Definition.StartAt;
            input = _execution.Input;
        }

        _topFrame = frame;
        try
        {
            JsonNode? output;
            StatesErrorException? failure;
            // On a redrive the state machine's timeout starts again from zero, as on AWS.
            if (_machine.Definition.TimeoutSeconds is { } timeout)
            {
                using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(_stop);
                using var timerCts = new CancellationTokenSource();
                var timer = TimeoutTimerAsync(TimeSpan.FromSeconds(timeout), timerCts.Token);
                try
                {
                    var run = RunGraphCoreAsync(_machine.Definition, input, frame, timeoutCts.Token, startAt).AsTask();
                    var first = await Task.WhenAny(run, timer);
#pragma warning disable CA1849 // Synchronous on purpose: the callbacks only drop a timer or wake a waiter, and awaiting CancelAsync costs every execution a thread-pool hop.
                    timerCts.Cancel();
                    if (first == timer)
                    {
                        timeoutCts.Cancel();
                        Append(frame, "ExecutionTimedOut", "executionTimedOutEventDetails", new JsonObject { ["error"] = StatesErrors.Timeout });
                        _ended = _execution.FinishDeferred(_attempt, ExecutionStatus.TimedOut, null, StatesErrors.Timeout, null);
                        return;
                    }

                    timeoutCts.Cancel();
#pragma warning restore CA1849
                    (output, failure) = await run;
                }
                finally
                {
                    // A timer that fired took the clock for the timeout's handling (see ExecutionTimerAsync).
                    if (timer.IsCompletedSuccessfully)
                    {
                        _virtual?.Release();
                    }
                }
            }
            else
            {
                (output, failure) = await RunGraphCoreAsync(_machine.Definition, input, frame, _stop, startAt);
            }

            if (failure is not null)
            {
                EndFailed(frame, failure);
                return;
            }

            AppendDeferred(frame, "ExecutionSucceeded", "executionSucceededEventDetails", SucceededDetails, "output", output);
            _ended = _execution.FinishDeferred(_attempt, ExecutionStatus.Succeeded, output, null, null);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            Abort(frame);
        }
        catch (StatesErrorException e)
        {
            EndFailed(frame, e);
        }
#pragma warning disable CA1031 // The engine must end the execution visibly whatever went wrong, never crash the host.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Append(frame, "ExecutionFailed", "executionFailedEventDetails", new JsonObject
            {
                ["error"] = StatesErrors.Runtime,
                ["cause"] = $"Internal error of the local engine: {e.Message}",
            });
            _ended = _execution.FinishDeferred(_attempt, ExecutionStatus.Failed, null, StatesErrors.Runtime, $"Internal error of the local engine: {e.Message}");
        }
    }

    private void EndFailed(Frame frame, StatesErrorException e)
    {
        if (_stop.IsCancellationRequested)
        {
            Abort(frame);
            return;
        }

        var details = new JsonObject();
        if (e.Error is not null)
        {
            details["error"] = e.Error;
        }

        if (e.Cause is not null)
        {
            details["cause"] = e.Cause;
        }

        Append(frame, "ExecutionFailed", "executionFailedEventDetails", details);
        _ended = _execution.FinishDeferred(_attempt, ExecutionStatus.Failed, null, e.Error, e.Cause);
    }

    private void Abort(Frame frame)
    {
        var details = new JsonObject();
        if (_execution.Error is { } error)
        {
            details["error"] = error;
        }

        if (_execution.Cause is { } cause)
        {
            details["cause"] = cause;
        }

        Append(frame, "ExecutionAborted", "executionAbortedEventDetails", details.Count == 0 ? null : details);
        _ended = _execution.FinishDeferred(_attempt, ExecutionStatus.Aborted, null, _execution.Error, _execution.Cause);
    }

    private static JsonObject NotTruncated() => new() { ["truncated"] = false };

    private long Append(Frame? frame, string type, string? detailsName = null, JsonObject? details = null, string? payloadKey = null, JsonNode? payload = null)
    {
        if (frame is { Recording: false })
        {
            return 0;
        }

        var id = _execution.Append(_attempt, type, frame?.LastEventId ?? 0, details is null && payloadKey is null ? null : detailsName, details, payloadKey, payload);
        if (frame is not null)
        {
            frame.LastEventId = id;
        }

        return id;
    }

    /// <summary>Records an event whose details (and, optionally, payload) are built only if someone reads them.</summary>
    private long AppendDeferred(Frame? frame, string type, string detailsName, DeferredJson details, string? payloadKey = null, JsonNode? payload = null, DeferredJson? deferredPayload = null)
    {
        if (frame is { Recording: false })
        {
            return 0;
        }

        var id = _execution.Append(_attempt, type, frame?.LastEventId ?? 0, detailsName, null, payloadKey, payload, details, deferredPayload);
        if (frame is not null)
        {
            frame.LastEventId = id;
        }

        return id;
    }

    private async ValueTask<JsonNode?> RunGraphAsync(StateMachineDefinition graph, JsonNode? input, Frame frame, CancellationToken ct, string? startAt = null)
    {
        var (output, failure) = await RunGraphCoreAsync(graph, input, frame, ct, startAt);
        return failure is null ? output : throw failure;
    }

    /// <summary>
    /// Runs states from <paramref name="startAt"/> to an end. An error that ends the graph (a Fail state, a task error no
    /// Catch handles) comes back as a value rather than a throw: exceptions through a chain of async frames cost more
    /// than the rest of a state's work.
    /// </summary>
    private async ValueTask<(JsonNode? Output, StatesErrorException? Failure)> RunGraphCoreAsync(StateMachineDefinition graph, JsonNode? input, Frame frame, CancellationToken ct, string? startAt = null)
    {
        var state = graph.States[startAt ?? graph.StartAt];
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var step = await RunStateAsync(state, input, frame, ct);
            if (step.Failure is not null)
            {
                return (null, step.Failure);
            }

            if (step.Next is null)
            {
                return (step.Output, null);
            }

            state = graph.States[step.Next];
            input = step.Output;
        }
    }

    /// <summary>
    /// Runs one state. Not an async method: a Task state's attempt loop is awaited by the graph directly, without a
    /// state machine box per state in between; each path turns a <see cref="RuntimeFailureException"/> into the
    /// States.Runtime error that names the state.
    /// </summary>
    private ValueTask<Step> RunStateAsync(State state, JsonNode? input, Frame frame, CancellationToken ct)
    {
        var plan = StatePlan.For(state);
        var enteredId = AppendDeferred(frame, plan.EnteredType, "stateEnteredEventDetails", plan.EnteredDetails, "input", input);
        if (ReferenceEquals(frame, _topFrame))
        {
            _execution.Entered(_attempt, state.Name, input, frame.Variables);
        }

        var scope = new StateScope(state, Time.GetUtcNow(), frame, enteredId);
        switch (state)
        {
            case PassState:
                break;
            case ResultState rs:
                return RunWithRetryAsync(rs, input, scope, frame, ct);
            case WaitState wait:
                return RunWaitStateAsync(wait, input, scope, frame, ct);
        }

        try
        {
            return new ValueTask<Step>(state switch
            {
                PassState pass => Exit(state, RunPass(pass, input, scope), scope, frame),
                ChoiceState choice => RunChoice(choice, input, scope, frame),
                SucceedState => Exit(state, (ApplyOutputPath(state, ApplyInputPath(state, input, scope), scope), null), scope, frame),
                FailState fail => new Step(null, null, RunFail(fail, input, scope)),
                _ => throw new InvalidOperationException($"unknown state type {state.GetType().Name}"),
            });
        }
        catch (RuntimeFailureException e)
        {
            throw StateRuntimeError(scope, e);
        }
    }

    private async ValueTask<Step> RunWaitStateAsync(WaitState wait, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        try
        {
            return Exit(wait, await RunWaitAsync(wait, input, scope, ct), scope, frame);
        }
        catch (RuntimeFailureException e)
        {
            throw StateRuntimeError(scope, e);
        }
    }

    /// <summary>A runtime failure inside a state: States.Runtime, fatal (no Retry or Catch), naming the state and its entry.</summary>
    private static StatesErrorException StateRuntimeError(StateScope scope, RuntimeFailureException e) => new(
        StatesErrors.Runtime,
        $"An error occurred while executing the state '{scope.State.Name}' (entered at the event id #{scope.EnteredEventId}). {e.Message}",
        isFatal: true);

    private Step Exit(State state, (JsonNode? Output, JsonObject? Assigned) result, StateScope scope, Frame frame)
    {
        CheckSize(result.Output, state.Name);
        if (result.Assigned is not null)
        {
            foreach (var kv in result.Assigned)
            {
                frame.Variables.Set(kv.Key, kv.Value?.DeepClone());
            }
        }

        if (result.Assigned is not { Count: > 0 } assigned)
        {
            var plan = StatePlan.For(state);
            AppendDeferred(frame, plan.ExitedType, "stateExitedEventDetails", plan.ExitedDetails, "output", result.Output);
            return new Step(result.Output, state.End ? null : state.Next, null);
        }

        var vars = new JsonObject();
        foreach (var kv in assigned)
        {
            vars[kv.Key] = JsonValues.ToText(kv.Value);
        }

        var details = new JsonObject
        {
            ["name"] = state.Name,
            ["outputDetails"] = NotTruncated(),
            ["assignedVariables"] = vars,
            ["assignedVariablesDetails"] = NotTruncated(),
        };

        Append(frame, state.TypeName + "StateExited", "stateExitedEventDetails", details, "output", result.Output);
        return new Step(result.Output, state.End ? null : state.Next, null);
    }

    private void CheckSize(JsonNode? output, string stateName)
    {
        // Nodes never change once built, so an output already measured (a Choice or Succeed passing its input on) passed.
        if (output is not null && ReferenceEquals(output, _lastSizedOutput))
        {
            return;
        }

        if (JsonValues.ExceedsSize(output, _services.MaxPayloadBytes))
        {
            throw new StatesErrorException(StatesErrors.DataLimitExceeded, $"The state/task '{stateName}' returned a result with a size exceeding the maximum number of bytes service limit.");
        }

        _lastSizedOutput = output;
    }

    private (JsonNode? Output, JsonObject? Assigned) RunPass(PassState pass, JsonNode? input, StateScope scope)
    {
        var effective = ApplyInputPath(pass, input, scope);
        var parameters = pass.Parameters is { } p ? Evaluate(p, effective, scope) : effective;
        var result = pass.HasResult ? pass.Result?.DeepClone() : parameters;
        var assigned = pass.Assign is { } a ? Evaluate(a, result, scope) as JsonObject : null;
        var output = ApplyOutputPath(pass, ApplyResultPath(pass.ResultPath, input, result), scope);
        return (output, assigned);
    }

    private Step RunChoice(ChoiceState choice, JsonNode? input, StateScope scope, Frame frame)
    {
        var effective = ApplyInputPath(choice, input, scope);
        string? next = null;
        PayloadTemplate? ruleAssign = null;
        var matched = false;
        foreach (var rule in choice.Choices)
        {
            if (EvaluateRule(rule, effective, scope))
            {
                next = rule.Next;
                ruleAssign = rule.Assign;
                matched = true;
                break;
            }
        }

        if (next is null)
        {
            next = choice.Default ?? throw new StatesErrorException(StatesErrors.NoChoiceMatched, $"No Matches! The Choice state '{choice.Name}' matched none of its rules and has no Default.");
        }

        // A matched rule's Assign applies; the state's own Assign goes with the Default transition.
        var assignTemplate = matched ? ruleAssign : choice.Assign;
        var assigned = assignTemplate is not null ? Evaluate(assignTemplate, effective, scope) as JsonObject : null;

        var output = ApplyOutputPath(choice, effective, scope);
        return Exit(choice, (output, assigned), scope, frame) with { Next = next };
    }

    private async ValueTask<(JsonNode? Output, JsonObject? Assigned)> RunWaitAsync(WaitState wait, JsonNode? input, StateScope scope, CancellationToken ct)
    {
        var effective = ApplyInputPath(wait, input, scope);
        TimeSpan delay;
        if (wait.Seconds is { } seconds)
        {
            delay = TimeSpan.FromSeconds(seconds);
        }
        else if (wait.Timestamp is { } ts)
        {
            delay = ts - Time.GetUtcNow();
        }
        else if (wait.SecondsPath is { } sp)
        {
            var value = ResolveRequired(sp, effective, scope, "SecondsPath");
            if (!JsonValues.IsNumber(value, out var d) || d != Math.Floor(d))
            {
                throw new RuntimeFailureException($"The SecondsPath parameter cannot be parsed as a long value: {sp.Text} == {Display(value)}");
            }

            if (d < 0)
            {
                throw new RuntimeFailureException($"The SecondsPath parameter references a negative value: {sp.Text} == {Display(value)}");
            }

            delay = TimeSpan.FromSeconds(d);
        }
        else
        {
            var tp = wait.TimestampPath!;
            var value = ResolveRequired(tp, effective, scope, "TimestampPath");
            if (!JsonValues.IsString(value, out var text) || !Timestamps.TryParse(text, out var at))
            {
                throw new RuntimeFailureException($"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {tp.Text} == {Display(value)}");
            }

            delay = at - Time.GetUtcNow();
        }

        if (delay.TotalSeconds > int.MaxValue)
        {
            throw new RuntimeFailureException("Wait state delay is too long.");
        }

        await IdleDelayAsync(delay, ct);
        var assigned = wait.Assign is { } a ? Evaluate(a, effective, scope) as JsonObject : null;
        return (ApplyOutputPath(wait, effective, scope), assigned);
    }

    private static string Display(JsonNode? value) => JsonValues.IsString(value, out var s) ? s : JsonValues.ToText(value);

    private StatesErrorException RunFail(FailState fail, JsonNode? input, StateScope scope)
    {
        var error = fail.Error ?? ResolveFailField(fail.ErrorPath, input, scope, "ErrorPath");
        var cause = fail.Cause ?? ResolveFailField(fail.CausePath, input, scope, "CausePath");
        return new StatesErrorException(error, cause);
    }

    private string? ResolveFailField(PathOrIntrinsic? field, JsonNode? input, StateScope scope, string fieldName)
    {
        if (field is null)
        {
            return null;
        }

        var value = field.Call is { } call
            ? IntrinsicFunctions.Evaluate(call, p => ResolveRequiredForTemplate(p, input, scope, fieldName), _random)
            : ResolveRequiredForTemplate(field.Path!, input, scope, fieldName);
        return JsonValues.IsString(value, out var s)
            ? s
            : throw new RuntimeFailureException($"The value of the field '{fieldName}' must be a string, but '{field.Text}' is {JsonValues.TypeName(value)}.");
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken ct)
    {
        while (delay > TimeSpan.Zero)
        {
            var step = delay > MaxTimerStep ? MaxTimerStep : delay;
            await Task.Delay(step, Time, ct);
            delay -= step;
        }
    }

    private double NextJitter()
    {
        var random = _random;
        lock (random)
        {
            return random.NextDouble();
        }
    }

    private sealed class StartedDetails(string roleArn) : DeferredJson
    {
        public override JsonNode? Build() => new JsonObject
        {
            ["inputDetails"] = NotTruncated(),
            ["roleArn"] = roleArn,
        };
    }

    /// <summary>How a state ended: its output and the state to go to (none at an end), or the error that ends its graph.</summary>
    internal readonly record struct Step(JsonNode? Output, string? Next, StatesErrorException? Failure);

    /// <summary>Where a state runs: its branch's variables and Map item, and the last event it recorded (for previousEventId).</summary>
    internal sealed class Frame(VariableScope variables, long lastEventId, JsonObject? mapItem, bool recording)
    {
        public VariableScope Variables { get; } = variables;

        public long LastEventId { get; set; } = lastEventId;

        public JsonObject? MapItem { get; } = mapItem;

        public bool Recording { get; } = recording;
    }

    /// <summary>The state being executed, for the context object (<c>$$.State</c>) and error messages.</summary>
    internal sealed class StateScope(State state, DateTimeOffset enteredTime, Frame frame, long enteredEventId)
    {
        public State State { get; } = state;

        public DateTimeOffset EnteredTime { get; } = enteredTime;

        public Frame Frame { get; } = frame;

        public long EnteredEventId { get; } = enteredEventId;

        public int RetryCount { get; set; }
    }

    internal static string Invariant(double d) => d.ToString(CultureInfo.InvariantCulture);

    internal static bool IsString(JsonNode? n) => n?.GetValueKind() == JsonValueKind.String;
}
