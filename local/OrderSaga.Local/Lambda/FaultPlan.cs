namespace OrderSaga.Local.Lambda;

/// <summary>
/// A thread-safe list of faults per function: each applies to the next N invocations (or all of them when
/// <c>times</c> is null), in the order they were added.
/// </summary>
internal sealed class FaultPlan : IFaultInjector
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<Entry>> _entries = new(StringComparer.Ordinal);

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

    public LambdaFault? TakeFault(string functionName)
    {
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
}
