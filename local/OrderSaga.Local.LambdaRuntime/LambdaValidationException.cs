namespace OrderSaga.Local.LambdaRuntime;

/// <summary>The handler string does not lead to a usable method; named like the .NET managed runtime's, since the name becomes the init error's errorType.</summary>
internal sealed class LambdaValidationException : Exception
{
    public LambdaValidationException(string message)
        : base(message)
    {
    }

    public LambdaValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
