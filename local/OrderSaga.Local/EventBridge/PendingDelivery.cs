namespace OrderSaga.Local.EventBridge;

/// <summary>
/// One accepted event on its way to one target of one rule, as written down until it is delivered or dead-lettered.
/// <see cref="DeliveryId"/> also names the execution a Step Functions target starts, so a delivery made again after a
/// restart finds the execution it already started instead of starting a second one.
/// </summary>
internal sealed record PendingDelivery(string DeliveryId, string BusName, string RuleName, string TargetId, string EventId, string EventJson, DateTimeOffset Ingestion);
