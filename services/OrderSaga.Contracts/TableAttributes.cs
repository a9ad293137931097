namespace OrderSaga.Contracts;

/// <summary>DynamoDB attribute names, shared by the workflow's service integrations, the handlers and the tests.</summary>
public static class TableAttributes
{
    public static class Orders
    {
        public const string OrderId = "orderId";
        public const string Status = "status";
        public const string Reason = "reason";
        public const string CustomerId = "customerId";
        public const string CustomerEmail = "customerEmail";
        public const string Currency = "currency";
        public const string TotalAmount = "totalAmount";
        public const string Items = "items";
        public const string CreatedAt = "createdAt";
        public const string UpdatedAt = "updatedAt";

        /// <summary>The execution that recorded the order: only that one may record it again (a rerun of RecordOrder).</summary>
        public const string ExecutionId = "executionId";
    }

    public static class Inventory
    {
        public const string Sku = "sku";
        public const string Available = "available";

        /// <summary>Map of orderId → units reserved by that order; makes reservations idempotent and releases exact.</summary>
        public const string Reservations = "reservations";
    }

    public static class Payments
    {
        public const string OrderId = "orderId";
        public const string Status = "status";
        public const string Amount = "amount";
        public const string Currency = "currency";
        public const string ProviderReference = "providerReference";
        public const string DeclineReason = "declineReason";

        /// <summary>How many times the provider was asked to charge this order; drives the simulator's <c>tok_flaky</c> and shows retries.</summary>
        public const string Attempts = "attempts";

        /// <summary>The provider's reference of the refund, set when <see cref="Status"/> becomes REFUNDED.</summary>
        public const string RefundReference = "refundReference";
        public const string CreatedAt = "createdAt";
        public const string UpdatedAt = "updatedAt";
    }

    public static class Notifications
    {
        public const string OrderId = "orderId";
        public const string Kind = "kind";
        public const string Recipient = "recipient";
        public const string Subject = "subject";
        public const string Body = "body";
        public const string CreatedAt = "createdAt";
    }
}
