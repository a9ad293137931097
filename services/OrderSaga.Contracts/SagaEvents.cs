namespace OrderSaga.Contracts;

/// <summary>Detail of the "Order Confirmed" event the saga publishes.</summary>
public sealed record OrderConfirmedDetail(string OrderId, string CustomerId, decimal TotalAmount, string Currency);

/// <summary>Detail of the "Order Cancelled" event the saga publishes.</summary>
public sealed record OrderCancelledDetail(string OrderId, string CustomerId, string Reason);

/// <summary>Detail of the "Order Compensation Failed" event: a person must put money or stock right.</summary>
public sealed record OrderCompensationFailedDetail(string OrderId, string Error, string Cause);
