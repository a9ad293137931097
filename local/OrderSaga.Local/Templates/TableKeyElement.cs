namespace OrderSaga.Local.Templates;

/// <summary>A key schema element: <see cref="KeyType"/> is HASH or RANGE.</summary>
internal sealed record TableKeyElement(string AttributeName, string KeyType);
