using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.Endpoint;

/// <summary>
/// Routes a request on the single AWS-compatible port to the service it is meant for, the way AWS's own endpoints
/// tell them apart: JSON-protocol services by <c>X-Amz-Target</c>, SQS's query protocol by its form <c>Action</c>.
/// Every failure is answered in the caller's protocol; nothing escapes as a 500 with a stack trace.
/// With <paramref name="durable"/> (a data directory), a call that changes something is answered only once the change is
/// on disk, so what a caller was told happened survives a kill.
/// </summary>
internal sealed class AwsRequestRouter(IEnumerable<IAwsJsonService> jsonServices, SqsApi sqs, Func<HttpContext, Task>? forwardToDynamoDb, Func<Task>? durable = null)
{
    /// <summary>Largest request body accepted; bigger than any API allows (PutEvents: 256 KiB), so the service's own check answers.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string SqsTargetPrefix = "AmazonSQS";
    private const string DynamoDbTargetPrefix = "DynamoDB_20120810";

    private readonly Dictionary<string, IAwsJsonService> services = jsonServices.ToDictionary(s => s.TargetPrefix, StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot > 0 ? target[..dot] : target;
        var operation = dot > 0 ? target[(dot + 1)..] : string.Empty;

        if (prefix == DynamoDbTargetPrefix && forwardToDynamoDb is not null)
        {
            await forwardToDynamoDb(context);
            return;
        }

        if (prefix == SqsTargetPrefix)
        {
            await HandleSqsJsonAsync(context, operation);
            return;
        }

        if (services.TryGetValue(prefix, out var service))
        {
            await HandleJsonAsync(context, service, operation);
            return;
        }

        if (context.Request.HasFormContentType)
        {
            await HandleSqsQueryAsync(context);
            return;
        }

        await WriteJsonErrorAsync(context.Response, "application/x-amz-json-1.1", target.Length == 0
            ? new AwsJsonError("MissingAuthenticationTokenException", "Missing X-Amz-Target header: this endpoint serves AWS JSON-protocol APIs and SQS.")
            : AwsJsonError.UnknownOperation(target));
    }

    /// <summary>Reads change nothing worth waiting for (a receive only moves a message's visibility, which a restart resets).</summary>
    private static bool Changes(string operation) =>
        !(operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal)
            || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("Test", StringComparison.Ordinal)
            || operation.StartsWith("Receive", StringComparison.Ordinal));

    /// <summary>
    /// Waits until the change is on disk. The change is made in memory already, so a failure to write it (the cloud
    /// stopping, a full disk) is answered as the service's internal error: the caller retries, as with AWS.
    /// </summary>
    private async Task MadeDurableAsync(string operation, Func<string, Exception> internalError)
    {
        if (durable is null || !Changes(operation))
        {
            return;
        }

        try
        {
            await durable();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException or IOException or JsonException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw internalError($"{operation} was applied but could not be written to the data directory: {ex.Message}");
        }
    }

    private static AwsJsonError JsonInternalError(string message) => new("InternalFailure", message, 500);

    private static SqsException SqsInternalError(string message) => new("InternalFailure", "InternalFailure", message, senderFault: false);

    private async Task HandleJsonAsync(HttpContext context, IAwsJsonService service, string operation)
    {
        try
        {
            using var body = await ReadJsonAsync(context.Request);
            var response = await service.HandleAsync(operation, body.RootElement, context.RequestAborted);
            await MadeDurableAsync(operation, JsonInternalError);
            context.Response.ContentType = service.ContentType;
            await using var writer = new Utf8JsonWriter(context.Response.Body);
            if (response is null)
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
            else
            {
                response.WriteTo(writer);
            }
        }
        catch (AwsJsonError error)
        {
            await WriteJsonErrorAsync(context.Response, service.ContentType, error);
        }
    }

    private async Task HandleSqsJsonAsync(HttpContext context, string operation)
    {
        try
        {
            using var body = await ReadJsonAsync(context.Request);
            var request = SqsProtocols.ReadJson(operation, body.RootElement);
            var result = await sqs.ExecuteAsync(request, context.RequestAborted);
            await MadeDurableAsync(operation, SqsInternalError);
            await SqsProtocols.WriteJsonAsync(context.Response, result);
        }
        catch (AwsJsonError error)
        {
            await SqsProtocols.WriteJsonErrorAsync(context.Response, SqsException.InvalidParameter(error.Message));
        }
        catch (SqsException error)
        {
            await SqsProtocols.WriteJsonErrorAsync(context.Response, error);
        }
    }

    private async Task HandleSqsQueryAsync(HttpContext context)
    {
        var requestId = Guid.NewGuid().ToString();
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            // The query protocol may carry the queue in the path instead of a QueueUrl field.
            var path = context.Request.Path.Value is { Length: > 1 } p ? $"{context.Request.Scheme}://{context.Request.Host}{p}" : null;
            var request = SqsProtocols.ReadQuery(form, path);
            var result = await sqs.ExecuteAsync(request, context.RequestAborted);
            await MadeDurableAsync(request.Action, SqsInternalError);
            await SqsProtocols.WriteQueryAsync(context.Response, request.Action, result, requestId);
        }
        catch (SqsException error)
        {
            await SqsProtocols.WriteQueryErrorAsync(context.Response, error, requestId);
        }
        catch (Exception error) when (error is InvalidDataException || (error is IOException && !context.RequestAborted.IsCancellationRequested))
        {
            // A malformed form (bad encoding, too many fields, a multipart body that ends early) is the caller's error.
            await SqsProtocols.WriteQueryErrorAsync(context.Response, SqsException.InvalidParameter($"The request could not be read: {error.Message}"), requestId);
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            throw AwsJsonError.Validation($"Request body of {request.ContentLength} bytes exceeds the {MaxBodyBytes} bytes this endpoint accepts.");
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length > MaxBodyBytes)
        {
            throw AwsJsonError.Validation($"Request body exceeds the {MaxBodyBytes} bytes this endpoint accepts.");
        }

        if (buffer.Length == 0)
        {
            return JsonDocument.Parse("{}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.ToArray());
        }
        catch (JsonException ex)
        {
            throw AwsJsonError.Serialization($"Request body is not valid JSON: {ex.Message}");
        }

        // The parser accepts invalid UTF-8 and lone surrogate escapes inside strings and only fails when a handler reads
        // them; check every string up front so such a body is a SerializationException, not a 500 deep in a service.
        if (JsonUnicode.FindInvalidString(document.RootElement) is { } invalid)
        {
            document.Dispose();
            throw AwsJsonError.Serialization($"Request body has a string at {invalid} that is not valid Unicode (a lone surrogate or invalid UTF-8).");
        }

        return document;
    }

    internal static async Task WriteJsonErrorAsync(HttpResponse response, string contentType, AwsJsonError error)
    {
        response.StatusCode = error.StatusCode;
        response.ContentType = contentType;
        response.Headers["x-amzn-ErrorType"] = error.Type;
        var body = new JsonObject { ["__type"] = error.Type, ["message"] = error.Message };
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer);
    }
}
