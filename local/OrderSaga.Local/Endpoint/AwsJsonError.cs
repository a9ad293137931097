namespace OrderSaga.Local.Endpoint;

/// <summary>An error of a JSON-protocol AWS API: <c>{"__type": Type, "message": Message}</c> with an HTTP status.</summary>
internal sealed class AwsJsonError(string type, string message, int statusCode = 400) : Exception(message)
{
    public string Type { get; } = type;

    public int StatusCode { get; } = statusCode;

    public static AwsJsonError Validation(string message) => new("ValidationException", message);

    public static AwsJsonError UnknownOperation(string target) => new("UnknownOperationException", $"Unknown operation {target}");

    public static AwsJsonError Serialization(string message) => new("SerializationException", message);
}
