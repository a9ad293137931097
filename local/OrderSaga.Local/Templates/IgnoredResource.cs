namespace OrderSaga.Local.Templates;

/// <summary>A template resource the local cloud does not create, and why.</summary>
internal sealed record IgnoredResource(string LogicalId, string Type, string Reason);
