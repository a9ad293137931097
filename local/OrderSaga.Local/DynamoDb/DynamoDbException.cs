namespace OrderSaga.Local.DynamoDb;

/// <summary>dynalite answered a request with an error (its <c>__type</c> short name and message), or could not be run.</summary>
internal sealed class DynamoDbException : Exception
{
    public DynamoDbException(string errorType, string message)
        : base($"{errorType}: {message}")
    {
        ErrorType = errorType;
    }

    public DynamoDbException(string errorType, string message, Exception innerException)
        : base($"{errorType}: {message}", innerException)
    {
        ErrorType = errorType;
    }

    public string ErrorType { get; }
}
