namespace OrderSaga.Local.Templates;

/// <summary>An event archive; <see cref="RetentionDays"/> 0 keeps events indefinitely, as in EventBridge.</summary>
internal sealed record ArchiveResource(
    string LogicalId,
    string Name,
    string Arn,
    string SourceArn,
    string? EventPattern,
    int RetentionDays,
    string? Description) : StackResource(LogicalId, Name, Arn);
