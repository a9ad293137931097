namespace OrderSaga.Local.EventBridge;

/// <summary>Where EventBridge writes down its archives, log groups and deliveries under way, so that they survive a restart.</summary>
internal interface IEventBridgeJournal
{
    void Archived(string archiveName, ArchivedEvent archived);

    void LogWritten(string groupName, LogEvent logEvent);

    /// <summary>Records deliveries of accepted events; completes once they are on disk (PutEvents answers after that).</summary>
    Task DeliveriesAcceptedAsync(IReadOnlyList<PendingDelivery> deliveries);

    /// <summary>The delivery reached its target, or its dead-letter queue, or was given up for good.</summary>
    void DeliveryEnded(string deliveryId);
}
