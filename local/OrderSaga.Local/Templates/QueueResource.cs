namespace OrderSaga.Local.Templates;

internal sealed record QueueResource(
    string LogicalId,
    string Name,
    string Arn,
    string Url,
    bool Fifo,
    bool ContentBasedDeduplication,
    int VisibilityTimeoutSeconds,
    int MessageRetentionPeriodSeconds,
    int DelaySeconds,
    int ReceiveMessageWaitTimeSeconds,
    int MaximumMessageSize,
    QueueRedrivePolicy? RedrivePolicy) : StackResource(LogicalId, Name, Arn);
