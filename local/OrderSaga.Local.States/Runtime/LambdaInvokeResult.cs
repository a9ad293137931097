using System.Globalization;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// What arn:aws:states:::lambda:invoke returns: the function's payload wrapped in the invoke response (ExecutedVersion,
/// StatusCode, SdkHttpMetadata with a request id and date). Built once, on first need: the saga's ResultSelector reads
/// only <c>$.Payload</c>, so usually only the TaskSucceeded event, if anyone reads it, ever asks for the whole document.
/// </summary>
internal sealed class LambdaInvokeResult(JsonNode? payload, int? payloadBytes, DateTimeOffset date) : DeferredJson
{
    // Upper bound of what the wrapper adds to the payload's size (request id, trace id, date and headers come to ~900 bytes).
    private const int WrapperBytes = 2048;

    private JsonObject? _built;

    public JsonNode? Payload => payload;

    /// <summary>The full response; the same node on every call, as the execution's data flow uses it.</summary>
    public JsonObject Full
    {
        get
        {
            if (_built is { } built)
            {
                return built;
            }

            var created = Create();
            return Interlocked.CompareExchange(ref _built, created, null) ?? created;
        }
    }

    /// <summary>The history shares the response with the data flow, which never changes a node once built.</summary>
    public override JsonNode? Build() => Full;

    /// <summary>Whether the full response would pass <paramref name="limit"/> bytes; it is built only near the limit.</summary>
    public bool ExceedsSize(int limit) =>
        JsonValues.ExceedsSize(payload, limit - WrapperBytes) && JsonValues.ExceedsSize(Full, limit);

    private JsonObject Create()
    {
        var length = (payloadBytes ?? JsonValues.Utf8Size(payload)).ToString(CultureInfo.InvariantCulture);
        var requestId = Guid.NewGuid().ToString();
        var dateText = date.ToString("r", CultureInfo.InvariantCulture);
        var trace = $"Root=1-{date.ToUnixTimeSeconds():x8}-{Guid.NewGuid():N}"[..44];
        return new JsonObject
        {
            ["ExecutedVersion"] = "$LATEST",
            [nameof(Payload)] = payload?.Parent is null ? payload : payload.DeepClone(),
            ["SdkHttpMetadata"] = new JsonObject
            {
                ["AllHttpHeaders"] = new JsonObject
                {
                    ["X-Amz-Executed-Version"] = new JsonArray("$LATEST"),
                    ["x-amzn-Remapped-Content-Length"] = new JsonArray("0"),
                    ["Connection"] = new JsonArray("keep-alive"),
                    ["x-amzn-RequestId"] = new JsonArray(requestId),
                    ["Content-Length"] = new JsonArray(length),
                    ["Date"] = new JsonArray(dateText),
                    ["X-Amzn-Trace-Id"] = new JsonArray(trace),
                    ["Content-Type"] = new JsonArray("application/json"),
                },
                ["HttpHeaders"] = new JsonObject
                {
                    ["Connection"] = "keep-alive",
                    ["Content-Length"] = length,
                    ["Content-Type"] = "application/json",
                    ["Date"] = dateText,
                    ["X-Amz-Executed-Version"] = "$LATEST",
                    ["x-amzn-Remapped-Content-Length"] = "0",
                    ["x-amzn-RequestId"] = requestId,
                    ["X-Amzn-Trace-Id"] = trace,
                },
                ["HttpStatusCode"] = 200,
            },
            ["SdkResponseMetadata"] = new JsonObject { ["RequestId"] = requestId },
            ["StatusCode"] = 200,
        };
    }
}
