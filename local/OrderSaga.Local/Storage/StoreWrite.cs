using OrderSaga.Local.EventBridge;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Storage;

/// <summary>One change the store's writer applies, in the order the engines made them.</summary>
internal abstract record StoreWrite
{
    public sealed record ExecutionStarted(string Arn, string StateMachineArn, string Name, string RoleArn, StateMachineType Type, string? Input, long StartTicks) : StoreWrite;

    public sealed record HistoryAppended(string Arn, HistoryEvent Event) : StoreWrite;

    public sealed record Checkpointed(string Arn, ExecutionCheckpoint Checkpoint) : StoreWrite;

    public sealed record MessageSaved(
        string MessageId, string Queue, string Body, string Md5, long SentTicks, string Attributes, int ReceiveCount,
        long? FirstReceivedTicks, long VisibleTicks, string? ReceiptHandle) : StoreWrite;

    public sealed record MessageDeleted(string MessageId) : StoreWrite;

    public sealed record QueuePurged(string Queue) : StoreWrite;

    public sealed record Archived(string Archive, ArchivedEvent Event) : StoreWrite;

    public sealed record LogWritten(string Group, LogEvent Event) : StoreWrite;

    public sealed record DeliveriesAccepted(IReadOnlyList<PendingDelivery> Deliveries, TaskCompletionSource Done) : StoreWrite;

    public sealed record DeliveryEnded(string DeliveryId) : StoreWrite;

    public sealed record MetaSet(string Key, string Value) : StoreWrite;

    /// <summary>Completes once everything written before it is on disk.</summary>
    public sealed record Flush(TaskCompletionSource Done) : StoreWrite;
}
