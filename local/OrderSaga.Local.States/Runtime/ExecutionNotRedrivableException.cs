namespace OrderSaga.Local.States.Runtime;

/// <summary>RedriveExecution refused: <see cref="Reason"/> says why, as DescribeExecution's <c>redriveStatusReason</c> does.</summary>
public sealed class ExecutionNotRedrivableException : InvalidOperationException
{
    public ExecutionNotRedrivableException(string executionArn, string reason)
        : base($"Execution '{executionArn}' cannot be redriven: {reason}")
    {
        ExecutionArn = executionArn;
        Reason = reason;
    }

    public ExecutionNotRedrivableException()
        : this(string.Empty, string.Empty)
    {
    }

    public ExecutionNotRedrivableException(string message)
        : base(message)
    {
        ExecutionArn = string.Empty;
        Reason = message;
    }

    public ExecutionNotRedrivableException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExecutionArn = string.Empty;
        Reason = message;
    }

    public string ExecutionArn { get; }

    public string Reason { get; }
}
