using System.Collections.Concurrent;

namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// Injected DynamoDB failures for tests and demos: the next N calls on a table (or every call) answer with the
/// given DynamoDB error, e.g. <c>ProvisionedThroughputExceededException</c>. No switch in production code needed.
/// </summary>
internal sealed class DynamoDbFaultPlan
{
    private readonly ConcurrentDictionary<string, Fault> faults = new(StringComparer.Ordinal);

    public void Throttle(string tableName, int? times = null, string errorType = "ProvisionedThroughputExceededException") =>
        faults[tableName] = new Fault(errorType, times);

    public void Clear(string? tableName = null)
    {
        if (tableName is null)
        {
            faults.Clear();
        }
        else
        {
            faults.TryRemove(tableName, out _);
        }
    }

    /// <summary>The error to answer this call with, counting it against the fault's remaining times; null for none.</summary>
    public string? TakeFault(string tableName)
    {
        while (faults.TryGetValue(tableName, out var fault))
        {
            if (fault.Remaining is null)
            {
                return fault.ErrorType;
            }

            var next = fault with { Remaining = fault.Remaining - 1 };
            if (next.Remaining <= 0 ? faults.TryRemove(new KeyValuePair<string, Fault>(tableName, fault)) : faults.TryUpdate(tableName, next, fault))
            {
                return fault.ErrorType;
            }
        }

        return null;
    }

    private sealed record Fault(string ErrorType, int? Remaining);
}
