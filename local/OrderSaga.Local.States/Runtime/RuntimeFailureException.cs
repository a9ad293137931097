namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// A States.Runtime failure raised while evaluating a state (a path that matches nothing, a bad Wait value). The
/// interpreter adds the state and event id to the message, as AWS does; Retry and Catch never handle it.
/// </summary>
public sealed class RuntimeFailureException : Exception
{
    public RuntimeFailureException(string message)
        : base(message)
    {
    }

    public RuntimeFailureException()
    {
    }

    public RuntimeFailureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
