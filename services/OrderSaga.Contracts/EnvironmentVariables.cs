namespace OrderSaga.Contracts;

/// <summary>Environment variables the stack gives the functions; read once, in each handler's composition root.</summary>
public static class EnvironmentVariables
{
    public const string OrdersTable = "ORDERS_TABLE";
    public const string InventoryTable = "INVENTORY_TABLE";
    public const string PaymentsTable = "PAYMENTS_TABLE";
    public const string NotificationsTable = "NOTIFICATIONS_TABLE";

    /// <summary>Set by the local cloud only: the endpoint AWS SDK clients talk to instead of AWS.</summary>
    public const string AwsEndpointUrl = "AWS_ENDPOINT_URL";

    /// <summary>Set by Lambda (and the local cloud's Lambda host): the region clients sign for.</summary>
    public const string AwsRegion = "AWS_REGION";
}
