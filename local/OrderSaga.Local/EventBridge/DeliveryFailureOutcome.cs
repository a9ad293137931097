namespace OrderSaga.Local.EventBridge;

/// <summary>What became of an event that could not be delivered.</summary>
internal enum DeliveryFailureOutcome
{
    /// <summary>Sent to the target's dead-letter queue.</summary>
    DeadLettered,

    /// <summary>No dead-letter queue: AWS drops the event; locally it is kept in the failure log.</summary>
    Dropped,

    /// <summary>The dead-letter queue itself could not take it (it does not exist).</summary>
    DeadLetterFailed,
}
