namespace OrderSaga.Local.Sqs;

/// <summary>
/// Where queues write down what happens to their messages, so that they survive a restart. Called under the queue's
/// lock with the message as it stands: an implementation copies what it needs at once and never blocks.
/// </summary>
internal interface ISqsJournal
{
    /// <summary>The message was sent, received, made visible again or moved to a dead-letter queue.</summary>
    void MessageSaved(string queueName, SqsMessage message);

    void MessageDeleted(string messageId);

    void QueuePurged(string queueName);
}
