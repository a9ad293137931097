namespace OrderSaga.Local.Cloud;

/// <summary>The local cloud could not start: the message says what is missing or wrong and how to fix it.</summary>
internal sealed class LocalCloudException : Exception
{
    public LocalCloudException()
    {
    }

    public LocalCloudException(string message)
        : base(message)
    {
    }

    public LocalCloudException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
