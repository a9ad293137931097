namespace OrderSaga.Local.Lambda;

/// <summary>
/// A thread-safe list of faults per function: each applies to the next N invocations (or all of them when
/// <c>times</c> is null), in the order they were added.
/// </summary>
internal sealed class FaultPlan : IFaultInjector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly AsyncLocal<ArmedFault?> _armed = new();

    public FaultPlan FailWith(string functionName, string errorType, string errorMessage, int? times = null) =>
        Add(functionName, new LambdaFault(FaultKind.Error, errorType, errorMessage), times);

    public FaultPlan TimeOut(string functionName, int? times = null) => Add(functionName, new LambdaFault(FaultKind.Timeout), times);

    public FaultPlan Crash(string functionName, int? times = null) => Add(functionName, new LambdaFault(FaultKind.Crash), times);

    public void Clear(string? functionName = null)
    {
        lock (_gate)
        {
            if (functionName is null)
            {
                _entries.Clear();
            }
            else
            {
                _entries.Remove(functionName);
            }
        }
    }

    /// <summary>
    /// Makes the next invocation started from this async flow (whatever the function) fail with <paramref name="fault"/>,
    /// ahead of the per-function list, until the returned scope ends. A fault aimed at one Task state reaches the
    /// function that state calls this way, without touching concurrent callers of the same function.
    /// </summary>
    public IDisposable ArmNext(LambdaFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        var previous = _armed.Value;
        _armed.Value = new ArmedFault(fault);
        return new ArmedScope(this, previous);
    }

    public LambdaFault? TakeFault(string functionName)
    {
        if (_armed.Value is { } armed && armed.TryTake())
        {
            return armed.Fault;
        }

        lock (_gate)
        {
            if (!_entries.TryGetValue(functionName, out var list) || list.Count == 0)
            {
                return null;
            }

            var entry = list[0];
            if (entry.Remaining is { } remaining)
            {
                if (remaining <= 1)
                {
                    list.RemoveAt(0);
                }
                else
                {
                    list[0] = entry with { Remaining = remaining - 1 };
                }
            }

            return entry.Fault;
        }
    }

    private FaultPlan Add(string functionName, LambdaFault fault, int? times)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(times ?? 1, 1, nameof(times));
        lock (_gate)
        {
            if (!_entries.TryGetValue(functionName, out var list))
            {
                _entries[functionName] = list = [];
            }

            list.Add(new Entry(fault, times));
        }

        return this;
    }

    private sealed record Entry(LambdaFault Fault, int? Remaining);

    private sealed class ArmedFault(LambdaFault fault)
    {
        private int taken;

        public LambdaFault Fault => fault;

        public bool TryTake() => Interlocked.Exchange(ref taken, 1) == 0;
    }

    private sealed class ArmedScope(FaultPlan plan, ArmedFault? previous) : IDisposable
    {
        public void Dispose() => plan._armed.Value = previous;
    }
}
