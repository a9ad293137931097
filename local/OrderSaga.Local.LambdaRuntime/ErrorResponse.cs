using System.Text.Json.Serialization;

namespace OrderSaga.Local.LambdaRuntime;

/// <summary>The error document the .NET managed runtime posts to the Runtime API.</summary>
internal sealed record ErrorResponse(
    [property: JsonPropertyName("errorType")] string ErrorType,
    [property: JsonPropertyName("errorMessage")] string ErrorMessage,
    [property: JsonPropertyName("stackTrace")] IReadOnlyList<string> StackTrace)
{
    public static ErrorResponse From(Exception exception) => new(
        exception.GetType().Name,
        exception.Message,
        (exception.StackTrace ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
