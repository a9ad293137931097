using System.Text.Json.Nodes;

namespace OrderSaga.Local.Endpoint;

/// <summary>Value conventions shared by the JSON-protocol APIs.</summary>
internal static class AwsJson
{
    /// <summary>A timestamp as the JSON protocols write it: epoch seconds as a number, millisecond precision.</summary>
    public static JsonNode Epoch(DateTimeOffset time) => JsonValue.Create(time.ToUnixTimeMilliseconds() / 1000.0);
}
