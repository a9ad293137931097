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
    private readonly List<HistoryEvent> _history = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<Execution, HistoryEvent>? _onEvent;
    private readonly TimeProvider _time;
    private bool _closed;

    internal Execution(ExecutionRequest request, string arn, DateTimeOffset startDate, TimeProvider time, Action<Execution, HistoryEvent>? onEvent)
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
    }

    public string Arn { get; }

    public string Name { get; }

    public string StateMachineArn { get; }

    public string RoleArn { get; }

    public StateMachineType Type { get; }

    public JsonNode? Input { get; }

    public DateTimeOffset StartDate { get; }

    public ExecutionStatus Status { get; private set; } = ExecutionStatus.Running;

    public DateTimeOffset? StopDate { get; private set; }

    public JsonNode? Output { get; private set; }

    public string? Error { get; private set; }

    public string? Cause { get; private set; }

    /// <summary>Completes when the execution has ended, whatever the outcome.</summary>
    public Task Completion => _completion.Task;

    internal CancellationToken StopToken => _stop.Token;

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

    /// <summary>StopExecution: the execution ends ABORTED (with the given error and cause) if it is still running.</summary>
    public bool Stop(string? error = null, string? cause = null)
    {
        lock (_lock)
        {
            if (Status != ExecutionStatus.Running || _stop.IsCancellationRequested)
            {
                return false;
            }

            Error = error;
            Cause = cause;
        }

        _stop.Cancel();
        return true;
    }

    internal long Append(string type, long previousEventId, string? detailsName = null, JsonObject? details = null, string? payloadKey = null, JsonNode? payload = null)
    {
        HistoryEvent e;
        lock (_lock)
        {
            // Once the execution has ended, work still unwinding (a branch cancelled by a timeout) records nothing.
            if (_closed)
            {
                return 0;
            }

            _closed = type is not "ExecutionStarted" && type.StartsWith("Execution", StringComparison.Ordinal);
            e = new HistoryEvent(_history.Count + 1, previousEventId, _time.GetUtcNow(), type, detailsName, details, payloadKey, payload);
            _history.Add(e);
        }

        _onEvent?.Invoke(this, e);
        return e.Id;
    }

    internal void Finish(ExecutionStatus status, JsonNode? output, string? error, string? cause)
    {
        lock (_lock)
        {
            if (Status != ExecutionStatus.Running)
            {
                return;
            }

            Status = status;
            Output = output;
            if (status != ExecutionStatus.Aborted || error is not null)
            {
                Error = error;
                Cause = cause;
            }

            StopDate = _time.GetUtcNow();
        }

        _completion.TrySetResult();
    }
}
