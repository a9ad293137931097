namespace OrderSaga.Local.TestHandlers;

public sealed class OrderRejectedException : Exception
{
    public OrderRejectedException()
    {
    }

    public OrderRejectedException(string message)
        : base(message)
    {
    }

    public OrderRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
