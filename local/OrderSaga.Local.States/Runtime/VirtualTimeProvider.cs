namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// A clock for tests and demos. With <see cref="AutoAdvance"/>, every timer fires at once and moves the clock to its due
/// time (earliest first), so a Wait of an hour takes no wall time and the history shows the hour. Without it, time moves
/// only through <see cref="Advance"/>.
/// Executions hold the clock while they run (see <see cref="Acquire"/>) and let go only while idle — in a Wait state,
/// a retry backoff, or waiting on their branches — because virtual time must not run past work that takes real time
/// (a Lambda invocation, a DynamoDB call): a task's timeout would otherwise fire before the task had a chance to answer.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<VirtualTimer> _timers = [];
    private readonly TimeSpan _offset;

    // The clock's time (in the offset it started with) as ticks: written under _lock, read without it, since every
    // history event and state reads the time and a 64-bit read is atomic.
    private long _clockTicks;
    private long _sequence;
    private bool _pumping;
    private int _busy;

    public VirtualTimeProvider(DateTimeOffset start, bool autoAdvance = true)
    {
        _offset = start.Offset;
        _clockTicks = start.Ticks;
        AutoAdvance = autoAdvance;
    }

    public bool AutoAdvance { get; }

    public int PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>How many pieces of real work are in flight; timers wait while this is above zero.</summary>
    public int BusyCount
    {
        get
        {
            lock (_lock)
            {
                return _busy;
            }
        }
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>One more runnable piece of work (an execution, a branch); the clock stands still until it is released.</summary>
    internal void Acquire()
    {
        lock (_lock)
        {
            _busy++;
        }
    }

    internal void Release() => EndWork();

    /// <summary>
    /// A delay during which the caller is idle: it gives up its hold on the clock, and takes it back inside the timer's
    /// own callback, before the pump can consider the next timer, so what the delay wakes up runs before time moves on.
    /// Only work that holds the clock may call it, such as a task invoker called by an execution (a simulated task that
    /// takes time, racing the task's timeout).
    /// </summary>
    public Task IdleDelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var woken = 0;
        ITimer? timer = null;
        CancellationTokenRegistration registration = default;
        timer = CreateTimer(
            _ =>
            {
                if (Interlocked.Exchange(ref woken, 1) == 0)
                {
                    Acquire();
                    registration.Dispose();
                    done.TrySetResult();
                }
            },
            null,
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            Timeout.InfiniteTimeSpan);
        registration = cancellationToken.Register(() =>
        {
            if (Interlocked.Exchange(ref woken, 1) == 0)
            {
                timer.Dispose();
                Acquire();
                done.TrySetCanceled(cancellationToken);
            }
        });
        Release();
        return done.Task;
    }

    private void EndWork()
    {
        lock (_lock)
        {
            _busy--;
            if (_busy > 0 || !AutoAdvance || _pumping || _timers.Count == 0)
            {
                return;
            }

            _pumping = true;
        }

        StartPump();
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public override long GetTimestamp() => _now.UtcTicks;

    private DateTimeOffset _now
    {
        get => new(Volatile.Read(ref _clockTicks), _offset);
        set => Volatile.Write(ref _clockTicks, value.ToOffset(_offset).Ticks);
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due.</summary>
    public void Advance(TimeSpan by)
    {
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + by;
        }

        while (true)
        {
            VirtualTimer? next;
            lock (_lock)
            {
                next = EarliestLocked(target);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                _timers.Remove(next);
                if (next.Due > _now)
                {
                    _now = next.Due;
                }
            }

            next.Fire();
        }
    }

    private void Schedule(VirtualTimer timer, TimeSpan dueTime)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            timer.Due = _now + dueTime;
            timer.Sequence = ++_sequence;
            _timers.Add(timer);

            // While work holds the clock the pump could fire nothing; the last EndWork starts it instead.
            if (!AutoAdvance || _pumping || _busy > 0)
            {
                return;
            }

            _pumping = true;
        }

        StartPump();
    }

    /// <summary>
    /// Fires timers one at a time, earliest first, for as long as nothing holds the clock. The accounting is exact: a
    /// timer whose firing sets work off (an execution resuming after a backoff, a timeout cancelling what it raced) takes
    /// the clock inside its own callback, and work handed from one piece to another (a branch ending, its parent
    /// resuming) passes its hold on rather than letting go, so a count of zero means idle and no real time needs to pass.
    /// </summary>
    private void Pump()
    {
        while (FireEarliest())
        {
        }
    }

    private void StartPump() => ThreadPool.UnsafeQueueUserWorkItem(static clock => clock.Pump(), this, preferLocal: false);

    private bool FireEarliest()
    {
        VirtualTimer? next;
        lock (_lock)
        {
            next = EarliestLocked(DateTimeOffset.MaxValue);
            if (next is null || _busy > 0)
            {
                // With work in flight the pump stops; the last EndWork starts it again.
                _pumping = false;
                return false;
            }

            _timers.Remove(next);
            if (next.Due > _now)
            {
                _now = next.Due;
            }
        }

        next.Fire();
        return true;
    }

    /// <summary>The timer due first (by due time, then by when it was set) among those due by <paramref name="limit"/>.</summary>
    private VirtualTimer? EarliestLocked(DateTimeOffset limit)
    {
        VirtualTimer? earliest = null;
        foreach (var t in _timers)
        {
            if (t.Due <= limit && (earliest is null || t.Due < earliest.Due || (t.Due == earliest.Due && t.Sequence < earliest.Sequence)))
            {
                earliest = t;
            }
        }

        return earliest;
    }

    private void Cancel(VirtualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class VirtualTimer(VirtualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset Due { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Schedule(this, dueTime);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Cancel(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
