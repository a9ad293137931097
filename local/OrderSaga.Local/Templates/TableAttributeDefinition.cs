namespace OrderSaga.Local.Templates;

/// <summary>A key attribute: <see cref="AttributeType"/> is S, N or B.</summary>
internal sealed record TableAttributeDefinition(string AttributeName, string AttributeType);
