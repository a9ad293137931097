namespace OrderSaga.Local.Templates;

internal sealed record TableResource(
    string LogicalId,
    string Name,
    string Arn,
    IReadOnlyList<TableKeyElement> KeySchema,
    IReadOnlyList<TableAttributeDefinition> AttributeDefinitions,
    string BillingMode,
    IReadOnlyList<TableIndex> GlobalSecondaryIndexes,
    IReadOnlyList<TableIndex> LocalSecondaryIndexes,
    string? StreamViewType,
    string? TimeToLiveAttribute) : StackResource(LogicalId, Name, Arn);
