namespace OrderSaga.Contracts;

/// <summary>Bus, sources and detail-types of the events the saga consumes and emits.</summary>
public static class EventNames
{
    public const string DefaultBusName = "order-saga";

    public const string OrdersSource = "ordersaga.orders";
    public const string SagaSource = "ordersaga.saga";

    /// <summary>Prefix matched by the audit rule: every event of ours.</summary>
    public const string SourcePrefix = "ordersaga.";

    public const string OrderCreated = "Order Created";
    public const string OrderConfirmed = "Order Confirmed";
    public const string OrderCancelled = "Order Cancelled";
    public const string OrderCompensationFailed = "Order Compensation Failed";
}
