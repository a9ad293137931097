namespace OrderSaga.Contracts;

/// <summary>A failure worth retrying: the workflow's retriers list <see cref="ErrorNames.Transient"/>.</summary>
public sealed class TransientServiceException : Exception
{
    public TransientServiceException()
    {
    }

    public TransientServiceException(string message)
        : base(message)
    {
    }

    public TransientServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
