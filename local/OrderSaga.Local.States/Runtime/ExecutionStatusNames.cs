namespace OrderSaga.Local.States.Runtime;

public static class ExecutionStatusNames
{
    /// <summary>The status as DescribeExecution spells it.</summary>
    public static string ToAws(this ExecutionStatus status) => status switch
    {
        ExecutionStatus.Running => "RUNNING",
        ExecutionStatus.Succeeded => "SUCCEEDED",
        ExecutionStatus.Failed => "FAILED",
        ExecutionStatus.TimedOut => "TIMED_OUT",
        _ => "ABORTED",
    };
}
