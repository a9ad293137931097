namespace OrderSaga.Local.States.Runtime;

/// <summary>A runtime failure with the ASL <c>Error</c>/<c>Cause</c> pair, so Retry and Catch can match it.</summary>
public sealed class StatesErrorException : Exception
{
    public StatesErrorException(string? error, string? cause, bool isFatal = false)
        : base($"{error}: {cause}")
    {
        Error = error;
        Cause = cause;
        IsFatal = isFatal;
    }

    public StatesErrorException()
        : this(StatesErrors.Runtime, (string?)null)
    {
    }

    public StatesErrorException(string message)
        : this(StatesErrors.Runtime, message)
    {
    }

    public StatesErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StatesErrors.Runtime;
        Cause = message;
    }

    /// <summary>The error name; null when a Fail state gave none.</summary>
    public string? Error { get; }

    public string? Cause { get; }

    /// <summary>A States.Runtime failure of the engine's own evaluation, which no Retry or Catch handles.</summary>
    public bool IsFatal { get; }
}
