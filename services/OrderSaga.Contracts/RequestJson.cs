using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrderSaga.Contracts;

/// <summary>
/// Reads a service request and writes its response with <see cref="ContractsJsonContext"/> type information.
/// Malformed input becomes an <see cref="InvalidRequestException"/> that names the JSON path, so the workflow
/// sees a non-retryable error instead of a crash it would retry.
/// </summary>
public static class RequestJson
{
    public static async Task<T> ReadAsync<T>(Stream input, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(typeInfo);

        T? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync(input, typeInfo, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new InvalidRequestException(
                $"the {typeof(T).Name} is not valid JSON at {ex.Path ?? "$"} (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}",
                ex);
        }

        return request ?? throw new InvalidRequestException($"the {typeof(T).Name} must be a JSON object, not null");
    }

    public static async Task<Stream> WriteAsync<T>(T response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);

        var output = new MemoryStream();
        await JsonSerializer.SerializeAsync(output, response, typeInfo, cancellationToken);
        output.Position = 0;
        return output;
    }
}
