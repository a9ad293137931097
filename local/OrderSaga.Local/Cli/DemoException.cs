namespace OrderSaga.Local.Cli;

/// <summary>The demo could not run as designed (the stack lacks a resource it needs, an order was refused).</summary>
internal sealed class DemoException : Exception
{
    public DemoException(string message)
        : base(message)
    {
    }

    public DemoException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DemoException()
    {
    }
}
