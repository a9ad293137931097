namespace OrderSaga.Contracts;

/// <summary>Input a service cannot act on. Never retried; the message says what is wrong and where (a JSON path).</summary>
public sealed class InvalidRequestException : Exception
{
    public InvalidRequestException()
    {
    }

    public InvalidRequestException(string message)
        : base(message)
    {
    }

    public InvalidRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
