using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>What a task produced: a result, or an error/cause pair that Retry and Catch can match.</summary>
public abstract record TaskOutcome
{
    public static TaskOutcome Success(JsonNode? output, int? payloadBytes = null) => new Succeeded(output, payloadBytes);

    public static TaskOutcome Failure(string error, string? cause) => new Failed(error, cause);

    /// <param name="Output">The result (for Lambda, the parsed response payload).</param>
    /// <param name="PayloadBytes">For Lambda, the size of the raw response, which AWS reports as Content-Length.</param>
    public sealed record Succeeded(JsonNode? Output, int? PayloadBytes) : TaskOutcome;

    /// <param name="Error">For Lambda, the function's errorType (or a <c>Lambda.*</c> service error).</param>
    /// <param name="Cause">For a Lambda function error, the error document as the function returned it.</param>
    public sealed record Failed(string Error, string? Cause) : TaskOutcome;
}
