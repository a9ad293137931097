namespace OrderSaga.Local.Templates;

/// <summary>A resource of the template that the local cloud creates: its logical id, the physical name it gets, and its ARN.</summary>
internal abstract record StackResource(string LogicalId, string Name, string Arn);
