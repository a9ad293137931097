namespace OrderSaga.Local.Events;

/// <summary>AWS's <c>InvalidEventPatternException</c>: the pattern was rejected; <see cref="Reason"/> is the text after "Reason: ".</summary>
public sealed class InvalidEventPatternException : Exception
{
    public const string ErrorCode = "InvalidEventPatternException";
    private const string Prefix = "Event pattern is not valid. Reason: ";

    public InvalidEventPatternException()
        : this("Unknown")
    {
    }

    public InvalidEventPatternException(string reason)
        : base(Prefix + reason)
    {
        Reason = reason;
    }

    public InvalidEventPatternException(string reason, Exception innerException)
        : base(Prefix + reason, innerException)
    {
        Reason = reason;
    }

    public string Reason { get; }
}
