namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// A clock for tests and demos. With <see cref="AutoAdvance"/>, every timer fires at once and moves the clock to its due
/// time (earliest first), so a Wait of an hour takes no wall time and the history shows the hour. Without it, time moves
/// only through <see cref="Advance"/>.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<VirtualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _sequence;
    private bool _pumping;

    public VirtualTimeProvider(DateTimeOffset start, bool autoAdvance = true)
    {
        _now = start;
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

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _now.UtcTicks;
        }
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
                next = _timers.Where(t => t.Due <= target).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
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
        }

        if (AutoAdvance)
        {
            lock (_lock)
            {
                if (_pumping)
                {
                    return;
                }

                _pumping = true;
            }

            _ = Task.Run(PumpAsync);
        }
    }

    /// <summary>
    /// Fires timers one at a time, earliest first, after a short quiet spell, so that what a timer sets off (a timeout
    /// cancelling the work it raced) happens before the next timer is considered.
    /// </summary>
    private async Task PumpAsync()
    {
        while (true)
        {
            await Task.Delay(1);
            if (!FireEarliest())
            {
                return;
            }
        }
    }

    private bool FireEarliest()
    {
        VirtualTimer? next;
        lock (_lock)
        {
            next = _timers.OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
            if (next is null)
            {
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
