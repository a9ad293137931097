using System.Diagnostics;
using System.Threading.Channels;

namespace OrderSaga.Local.Lambda;

/// <summary>One execution environment: a runtime process that takes one invocation at a time through its own Runtime API path.</summary>
internal sealed class LambdaWorker(string id, FunctionPool pool, long startedTimestamp)
{
    private readonly Lock _gate = new();
    private readonly Channel<PendingInvocation> _events = Channel.CreateUnbounded<PendingInvocation>(new UnboundedChannelOptions { SingleReader = true });
    private PendingInvocation? _current;
    private bool _dead;

    public string Id => id;

    public FunctionPool Pool => pool;

    public long StartedTimestamp => startedTimestamp;

    public Process? Process { get; set; }

    /// <summary>False until the worker has answered once: its first answer ends its cold start.</summary>
    public bool Warm { get; set; }

    public bool IsDead
    {
        get
        {
            lock (_gate)
            {
                return _dead;
            }
        }
    }

    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    public bool TryAssign(PendingInvocation invocation)
    {
        lock (_gate)
        {
            if (_dead || _current is not null)
            {
                return false;
            }

            _current = invocation;
            _events.Writer.TryWrite(invocation);
            return true;
        }
    }

    public bool IsCurrent(PendingInvocation invocation)
    {
        lock (_gate)
        {
            return ReferenceEquals(_current, invocation);
        }
    }

    public ValueTask<PendingInvocation> NextAsync(CancellationToken cancellationToken) => _events.Reader.ReadAsync(cancellationToken);

    /// <summary>Takes the current invocation if it is the one named (any when <paramref name="requestId"/> is null), so only one party completes it.</summary>
    public PendingInvocation? Detach(string? requestId)
    {
        lock (_gate)
        {
            if (_current is null || (requestId is not null && _current.RequestId != requestId))
            {
                return null;
            }

            var current = _current;
            _current = null;
            return current;
        }
    }

    public void MarkDead()
    {
        lock (_gate)
        {
            _dead = true;
        }

        _events.Writer.TryComplete();
    }

    public void Kill()
    {
        MarkDead();
        try
        {
            if (Process is { HasExited: false } process)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // The process ended between the check and the kill.
        }
    }
}
