namespace OrderSaga.Local.Templates;

internal sealed record EventBusResource(string LogicalId, string Name, string Arn) : StackResource(LogicalId, Name, Arn);
