using System.Text.Json;

namespace OrderSaga.Workflow;

/// <summary>
/// JSON names and paths derived from the Contracts records (<c>nameof</c> + camelCase, as ContractsJsonContext
/// writes them), so a renamed property breaks the build instead of a running execution.
/// </summary>
internal static class JsonNames
{
    public static string Of(string propertyName) => JsonNamingPolicy.CamelCase.ConvertName(propertyName);

    /// <summary>A field of the Order Created detail in the execution input (the EventBridge event).</summary>
    public static string Detail(string propertyName) => "$.detail." + Of(propertyName);

    /// <summary>A field of a Lambda function's response inside the lambda:invoke result.</summary>
    public static string Payload(string propertyName) => "$.Payload." + Of(propertyName);
}
