namespace OrderSaga.Local.Templates;

internal sealed record TargetInputTransformer(IReadOnlyDictionary<string, string> InputPathsMap, string InputTemplate);
