namespace OrderSaga.Local.Templates;

internal sealed record LogGroupResource(string LogicalId, string Name, string Arn, int? RetentionInDays) : StackResource(LogicalId, Name, Arn);
