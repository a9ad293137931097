using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Lambda;

/// <summary>A deployed function as the host runs it (and as ListFunctions describes it).</summary>
internal sealed record LambdaFunctionConfiguration(
    string Name,
    string Arn,
    string Handler,
    string Runtime,
    int TimeoutSeconds,
    int MemorySizeMb,
    IReadOnlyDictionary<string, string> Environment,
    string AssetPath)
{
    public static LambdaFunctionConfiguration From(FunctionResource function) => new(
        function.Name,
        function.Arn,
        function.Handler,
        function.Runtime,
        function.TimeoutSeconds,
        function.MemorySizeMb,
        function.Environment,
        function.AssetPath ?? throw new ArgumentException($"function {function.Name} has no asset folder", nameof(function)));
}
