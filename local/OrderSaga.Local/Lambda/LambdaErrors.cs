using System.Globalization;
using System.Text.Json;

namespace OrderSaga.Local.Lambda;

/// <summary>The error documents Lambda itself returns when a function does not answer (timeouts, runtime exits).</summary>
internal static class LambdaErrors
{
    public static byte[] TimedOut(string requestId, int timeoutSeconds) => Document(
        "Sandbox.Timedout",
        $"RequestId: {requestId} Error: Task timed out after {timeoutSeconds.ToString("0.00", CultureInfo.InvariantCulture)} seconds");

    public static byte[] RuntimeExited(string requestId, string exitDescription) => Document(
        "Runtime.ExitError",
        $"RequestId: {requestId} Error: Runtime exited with error: {exitDescription}");

    public static byte[] Document(string errorType, string errorMessage)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("errorType", errorType);
            writer.WriteString("errorMessage", errorMessage);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
