using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// One execution: its identity, status and result as DescribeExecution gives them, and its append-only history,
/// observable while it runs. All history goes through <see cref="Append"/>, the one place a persistence layer hooks into.
/// </summary>
#pragma warning disable CA1001 // The stop source has no timer to release; an execution outlives any scope that could dispose it.
public sealed class Execution
#pragma warning restore CA1001
{
    // AWS: a redrive needs room for ExecutionRedriven and one more event under the 25,000-event history quota.
    private const int MaxHistoryEventsForRedrive = 24_999;
    private static readonly TimeSpan RedrivablePeriod = TimeSpan.FromDays(14);
    private static readonly TimeSpan MaxOpenTime = TimeSpan.FromDays(365);

    private readonly List<HistoryEvent> _history = new(32);
    private readonly Lock _lock = new();
    private readonly Action<Execution, HistoryEvent>? _onEvent;
    private readonly Action<Execution, ExecutionCheckpoint>? _onCheckpoint;
    private readonly TimeProvider _time;
    private CancellationTokenSource _stop = new();
    // Continuations run synchronously, but only when signalled through SignalCompletion: from the end of a run, with no
    // lock held and the clock released, and never nested (see there). A hop per execution would cost a sequential caller
    // a quarter of its throughput.
    private TaskCompletionSource _completion = new();
    private bool _closed;

    [ThreadStatic]
    private static bool t_signalling;

    // A run resumed after a restart continues the recorded history: the ExecutionRedriven event a redrive run opens with
    // is not written for it.
    private bool _resuming;

    // Each run (the first, then one per redrive) records under its own attempt number, so work of an ended run that is
    // still unwinding can never write into, or finish, the run that a redrive started.
    private int _attempt;
    private RedrivePoint? _redrivePoint;

    internal Execution(
        ExecutionRequest request,
        string arn,
        DateTimeOffset startDate,
        TimeProvider time,
        Action<Execution, HistoryEvent>? onEvent,
        Action<Execution, ExecutionCheckpoint>? onCheckpoint = null)
    {
        Arn = arn;
        Name = request.Name;
        StateMachineArn = request.StateMachineArn;
        Input = request.Input;
        RoleArn = request.RoleArn;
        Type = request.Type;
        StartDate = startDate;
        _time = time;
        _onEvent = onEvent;
        _onCheckpoint = onCheckpoint;
    }

    public string Arn { get; }

    public string Name { get; }

    public string StateMachineArn { get; }

    public string RoleArn { get; }

    public StateMachineType Type { get; }

    public JsonNode? Input { get; }

    public DateTimeOffset StartDate { get; }

    internal CompiledStateMachine? Machine { get; init; }

    public ExecutionStatus Status { get; private set; } = ExecutionStatus.Running;

    public DateTimeOffset? StopDate { get; private set; }

    public JsonNode? Output { get; private set; }

    public string? Error { get; private set; }

    public string? Cause { get; private set; }

    /// <summary>How many times the execution was redriven (DescribeExecution <c>redriveCount</c>).</summary>
    public int RedriveCount { get; private set; }

    /// <summary>When the execution was last redriven (DescribeExecution <c>redriveDate</c>); null if never.</summary>
    public DateTimeOffset? RedriveDate { get; private set; }

    /// <summary>Completes when the current run has ended, whatever the outcome; a redrive starts a new one.</summary>
    public Task Completion
    {
        get
        {
            lock (_lock)
            {
                return _completion.Task;
            }
        }
    }

    /// <summary>The top-level state a redrive restarts from: the last one entered, with the input it was entered with.</summary>
    internal RedrivePoint? RedrivePoint
    {
        get
        {
            lock (_lock)
            {
                return _redrivePoint;
            }
        }
    }

    internal int Attempt
    {
        get
        {
            lock (_lock)
            {
                return _attempt;
            }
        }
    }

    internal CancellationToken StopToken
    {
        get
        {
            lock (_lock)
            {
                return _stop.Token;
            }
        }
    }

    /// <summary>A snapshot of the history so far.</summary>
    public IReadOnlyList<HistoryEvent> History
    {
        get
        {
            lock (_lock)
            {
                return [.. _history];
            }
        }
    }

    public int HistoryCount
    {
        get
        {
            lock (_lock)
            {
                return _history.Count;
            }
        }
    }

    /// <summary>RedriveExecution with the machine that started this execution; see <see cref="CompiledStateMachine.Redrive"/>.</summary>
    /// <exception cref="ExecutionNotRedrivableException">The execution cannot be redriven.</exception>
    public DateTimeOffset Redrive(ExecutionServices services) => Machine!.Redrive(this, services);

    /// <summary>StopExecution: the execution ends ABORTED (with the given error and cause) if it is still running.</summary>
    public bool Stop(string? error = null, string? cause = null)
    {
        CancellationTokenSource stop;
        lock (_lock)
        {
            if (Status != ExecutionStatus.Running || _stop.IsCancellationRequested)
            {
                return false;
            }

            Error = error;
            Cause = cause;
            stop = _stop;
        }

        stop.Cancel();
        return true;
    }

    /// <summary>
    /// Why RedriveExecution would be refused now, as DescribeExecution's <c>redriveStatusReason</c> words it; null when
    /// the execution can be redriven.
    /// </summary>
    public string? NotRedrivableReason()
    {
        lock (_lock)
        {
            return NotRedrivableReasonLocked(_time.GetUtcNow());
        }
    }

    internal long Append(int attempt, string type, long previousEventId, string? detailsName = null, JsonObject? details = null, string? payloadKey = null, JsonNode? payload = null, DeferredJson? deferredDetails = null, DeferredJson? deferredPayload = null)
    {
        HistoryEvent e;
        lock (_lock)
        {
            // Once the run has ended, work still unwinding (a branch cancelled by a timeout) records nothing.
            if (_closed || attempt != _attempt)
            {
                return 0;
            }

            if (_resuming && type == "ExecutionRedriven")
            {
                _resuming = false;
                return _history.Count == 0 ? 0 : _history[^1].Id;
            }

            _closed = type is not ("ExecutionStarted" or "ExecutionRedriven") && type.StartsWith("Execution", StringComparison.Ordinal);
            e = new HistoryEvent(_history.Count + 1, previousEventId, _time.GetUtcNow(), type, detailsName, details, payloadKey, payload, deferredDetails, deferredPayload);
            _history.Add(e);
        }

        _onEvent?.Invoke(this, e);
        return e.Id;
    }

    /// <summary>Records that a top-level state was entered, for a later redrive.</summary>
    internal void Entered(int attempt, string stateName, JsonNode? input, VariableScope variables)
    {
        lock (_lock)
        {
            if (attempt != _attempt)
            {
                return;
            }

            _redrivePoint = new RedrivePoint(stateName, input, variables);
        }

        _onCheckpoint?.Invoke(this, new ExecutionCheckpoint(stateName, input, variables.ToJson()));
    }

    /// <summary>
    /// Loads what a snapshot recorded into a new execution: status, result, redrive count and the history up to its first
    /// gap (events written after a lost one cannot be numbered on from). An ended execution completes at once; a running
    /// one is returned with the point its run resumes from.
    /// </summary>
    internal RedrivePoint? Load(ExecutionSnapshot snapshot, string startAt)
    {
        lock (_lock)
        {
            foreach (var e in snapshot.History.OrderBy(e => e.Id))
            {
                if (e.Id != _history.Count + 1)
                {
                    break;
                }

                _history.Add(e);
            }

            Status = snapshot.Status;
            StopDate = snapshot.StopDate;
            Output = snapshot.Output;
            Error = snapshot.Error;
            Cause = snapshot.Cause;
            RedriveCount = snapshot.RedriveCount;
            RedriveDate = snapshot.RedriveDate;
            _redrivePoint = snapshot.Checkpoint is { } c
                ? new RedrivePoint(c.StateName, c.Input, VariableScope.FromJson(c.Variables))
                : null;
            if (Status != ExecutionStatus.Running)
            {
                _closed = true;
                _completion.TrySetResult();
                return null;
            }

            _resuming = true;
            return _redrivePoint ?? new RedrivePoint(startAt, Input, new VariableScope(null));
        }
    }

    /// <summary>
    /// Turns an ended execution back into a running one for a redrive: a new attempt, a fresh stop signal and completion,
    /// the redrive counted and dated. Returns the new attempt number, or the reason the execution cannot be redriven.
    /// </summary>
    internal bool TryBeginRedrive(out int attempt, out string? reason)
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            reason = NotRedrivableReasonLocked(now);
            if (reason is not null)
            {
                attempt = _attempt;
                return false;
            }

            attempt = ++_attempt;
            _closed = false;
            _stop = new CancellationTokenSource();
            _completion = new TaskCompletionSource();
            Status = ExecutionStatus.Running;
            Output = null;
            Error = null;
            Cause = null;
            StopDate = null;
            RedriveCount++;
            RedriveDate = now;
            return true;
        }
    }

    internal void Finish(int attempt, ExecutionStatus status, JsonNode? output, string? error, string? cause)
    {
        if (FinishDeferred(attempt, status, output, error, cause) is { } completion)
        {
            SignalCompletion(completion);
        }
    }

    /// <summary>
    /// Ends the run but leaves <see cref="Completion"/> to the caller: it returns the completion to pass to
    /// <see cref="SignalCompletion"/> once the run has let go of everything it holds (null if the run had already ended).
    /// </summary>
    internal TaskCompletionSource? FinishDeferred(int attempt, ExecutionStatus status, JsonNode? output, string? error, string? cause)
    {
        lock (_lock)
        {
            if (Status != ExecutionStatus.Running || attempt != _attempt)
            {
                return null;
            }

            Status = status;
            Output = output;
            if (status != ExecutionStatus.Aborted || error is not null)
            {
                Error = error;
                Cause = cause;
            }

            StopDate = _time.GetUtcNow();
            return _completion;
        }
    }

    /// <summary>
    /// Runs the awaiters of <see cref="Completion"/> on this thread, unless this thread is already running some: an
    /// awaiter that starts an execution which ends at once (synchronous tasks) would otherwise nest one run in another
    /// without bound. The nested one is handed to the thread pool.
    /// </summary>
    internal static void SignalCompletion(TaskCompletionSource completion)
    {
        if (t_signalling)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static c => c.TrySetResult(), completion, preferLocal: true);
            return;
        }

        t_signalling = true;
        try
        {
            completion.TrySetResult();
        }
        finally
        {
            t_signalling = false;
        }
    }

    private string? NotRedrivableReasonLocked(DateTimeOffset now)
    {
        if (Type == StateMachineType.Express)
        {
            return "Execution is of an EXPRESS state machine and cannot be redriven.";
        }

        if (Status is ExecutionStatus.Running or ExecutionStatus.Succeeded)
        {
            return $"Execution is {Status.ToAws()} and cannot be redriven.";
        }

        if (_history.Count >= MaxHistoryEventsForRedrive)
        {
            return "Execution history event limit exceeded.";
        }

        if (now - StartDate > MaxOpenTime)
        {
            return "Execution has exceeded the max execution time.";
        }

        if (StopDate is { } stopped && now - stopped > RedrivablePeriod)
        {
            return "Execution redrivable period exceeded.";
        }

        return null;
    }
}
