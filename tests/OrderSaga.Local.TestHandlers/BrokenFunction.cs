namespace OrderSaga.Local.TestHandlers;

/// <summary>A handler type whose constructor fails, as one would with missing configuration: an init error.</summary>
public sealed class BrokenFunction
{
    public BrokenFunction() => throw new InvalidOperationException("ORDERS_TABLE is not set");

    public Stream Handle(Stream input) => input;
}
