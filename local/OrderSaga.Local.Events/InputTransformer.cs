namespace OrderSaga.Local.Events;

/// <summary>A target's InputTransformer: named JSONPath values and the template they are placed into.</summary>
public sealed record InputTransformer(IReadOnlyDictionary<string, string> InputPathsMap, string InputTemplate);
