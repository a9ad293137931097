namespace OrderSaga.Contracts;

/// <summary>Output of the Notification function; <see cref="Status"/> says whether this call wrote the outbox row.</summary>
public sealed record NotificationResponse(string OrderId, string Kind, string Status, string Subject);
