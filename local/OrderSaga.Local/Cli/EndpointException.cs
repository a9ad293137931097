namespace OrderSaga.Local.Cli;

/// <summary>A call to an AWS-compatible endpoint that did not succeed; <see cref="Exception.Message"/> is the one line to show.</summary>
internal sealed class EndpointException : Exception
{
    public EndpointException(string message)
        : base(message)
    {
    }

    public EndpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EndpointException()
    {
    }

    /// <summary>The AWS error type (<c>ExecutionDoesNotExist</c>, ...) when the endpoint answered with one.</summary>
    public string? ErrorType { get; init; }
}
