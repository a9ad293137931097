namespace OrderSaga.Contracts;

/// <summary>The detail of an "Order Created" event (schema: Schemas/order-created.schema.json).</summary>
public sealed record OrderCreated(
    string OrderId,
    string CustomerId,
    string CustomerEmail,
    string Currency,
    IReadOnlyList<OrderItem> Items,
    decimal TotalAmount,
    PaymentDetails Payment);
