namespace OrderSaga.Local.Analysis;

/// <summary>Input that cannot be verified at all (missing file, not JSON, no state machine): the message says what and where.</summary>
public sealed class AnalysisException : Exception
{
    public AnalysisException(string message)
        : base(message)
    {
    }

    public AnalysisException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public AnalysisException()
    {
    }
}
