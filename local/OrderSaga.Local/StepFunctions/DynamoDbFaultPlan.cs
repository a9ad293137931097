using System.Collections.Concurrent;

namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// Injected DynamoDB failures for tests and demos: the next N calls on a table (or every call) answer with the
/// given DynamoDB error, e.g. <c>ProvisionedThroughputExceededException</c>. No switch in production code needed.
/// A fault may be limited to one operation (<c>UpdateItem</c>), so that a step writing a table can be made to fail
/// without also failing an earlier step that wrote the same table with another operation.
/// </summary>
internal sealed class DynamoDbFaultPlan
{
    private readonly ConcurrentDictionary<string, Fault> faults = new(StringComparer.Ordinal);

    public void Throttle(string tableName, int? times = null, string errorType = "ProvisionedThroughputExceededException", string? operation = null) =>
        faults[tableName] = new Fault(errorType, times, operation is null ? null : OperationName(operation));

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

    /// <summary>
    /// The error to answer this call with, counting it against the fault's remaining times; null for none. A call
    /// of another operation than the fault's (when it names one) passes and does not count.
    /// </summary>
    public string? TakeFault(string tableName, string? operation = null)
    {
        while (faults.TryGetValue(tableName, out var fault))
        {
            if (fault.Operation is not null && (operation is null || !string.Equals(fault.Operation, OperationName(operation), StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }

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

    // The endpoint sees "DynamoDB_20120810.UpdateItem", the Step Functions integration "updateItem".
    private static string OperationName(string operation) => operation[(operation.LastIndexOf('.') + 1)..];

    private sealed record Fault(string ErrorType, int? Remaining, string? Operation);
}
