namespace OrderSaga.Contracts;

/// <summary>Input of the Notification function. <see cref="Kind"/> is one of <see cref="NotificationKinds"/>; <see cref="Reason"/> is set when cancelled.</summary>
public sealed record NotificationRequest(
    string Kind,
    string OrderId,
    string CustomerEmail,
    string Currency,
    decimal TotalAmount,
    IReadOnlyList<OrderItem> Items,
    string? Reason);
