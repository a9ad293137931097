using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>
/// Calls JSON-protocol AWS APIs (EventBridge, Step Functions) on an endpoint the way the AWS CLI does: one POST to
/// <c>/</c> with <c>X-Amz-Target</c>. The signature is a placeholder: the local cloud does not check it, and the real
/// AWS would need credentials this tool never handles.
/// </summary>
internal sealed class EndpointClient : IDisposable
{
    private const string EventBridgeTargetPrefix = "AWSEvents";
    private const string EventBridgeContentType = "application/x-amz-json-1.1";
    private const string StepFunctionsTargetPrefix = "AWSStepFunctions";
    private const string StepFunctionsContentType = "application/x-amz-json-1.0";
    private const string AwsJson10ContentType = "application/x-amz-json-1.0";

    private readonly HttpClient http;

    public EndpointClient(Uri endpoint, string region = "us-east-1")
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        Endpoint = endpoint;
        Region = region;
        http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Endpoint { get; }

    public string Region { get; }

    /// <summary>The <c>--endpoint</c> option of the commands that talk to a running local cloud.</summary>
    public static System.CommandLine.Option<string> CreateOption() => new("--endpoint")
    {
        Description = "The AWS-compatible endpoint of a running local cloud (or any endpoint with these APIs).",
        DefaultValueFactory = _ => $"http://127.0.0.1:{Cloud.LocalCloudOptions.DefaultPort}",
    };

    /// <summary>Parses what a user typed for <c>--endpoint</c>; null with <paramref name="error"/> set when it is not an http(s) URL.</summary>
    public static Uri? ParseEndpoint(string? text, out string? error)
    {
        error = null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        error = $"--endpoint must be an http:// or https:// URL such as http://127.0.0.1:4566, not '{text}'.";
        return null;
    }

    public Task<JsonObject> EventBridgeAsync(string operation, JsonObject request, CancellationToken cancellationToken) =>
        CallAsync("events", EventBridgeTargetPrefix, EventBridgeContentType, operation, request, cancellationToken);

    public Task<JsonObject> StepFunctionsAsync(string operation, JsonObject request, CancellationToken cancellationToken) =>
        CallAsync("states", StepFunctionsTargetPrefix, StepFunctionsContentType, operation, request, cancellationToken);

    public Task<JsonObject> DynamoDbAsync(string operation, JsonObject request, CancellationToken cancellationToken) =>
        CallAsync("dynamodb", "DynamoDB_20120810", AwsJson10ContentType, operation, request, cancellationToken);

    /// <summary>SQS over its JSON protocol (<c>AmazonSQS.*</c>), as the AWS CLI v2 speaks it.</summary>
    public Task<JsonObject> SqsAsync(string operation, JsonObject request, CancellationToken cancellationToken) =>
        CallAsync("sqs", "AmazonSQS", AwsJson10ContentType, operation, request, cancellationToken);

    /// <summary>Every page of a paginated Step Functions list operation, concatenated.</summary>
    public async Task<List<JsonObject>> StepFunctionsListAllAsync(string operation, JsonObject request, string itemsMember, CancellationToken cancellationToken)
    {
        var items = new List<JsonObject>();
        string? token = null;
        do
        {
            var page = (JsonObject)request.DeepClone();
            if (token is not null)
            {
                page["nextToken"] = token;
            }

            var response = await StepFunctionsAsync(operation, page, cancellationToken);
            if (response[itemsMember] is JsonArray array)
            {
                items.AddRange(array.OfType<JsonObject>());
            }

            token = response["nextToken"]?.GetValueKind() == JsonValueKind.String ? response["nextToken"]!.GetValue<string>() : null;
        }
        while (token is not null);
        return items;
    }

    public void Dispose() => http.Dispose();

    private async Task<JsonObject> CallAsync(string service, string targetPrefix, string contentType, string operation, JsonObject request, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        using var message = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(request.ToJsonString(), Encoding.UTF8),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", $"{targetPrefix}.{operation}");
        message.Headers.TryAddWithoutValidation("X-Amz-Date", now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        message.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential=test/{now.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{Region}/{service}/aws4_request, " +
            $"SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new EndpointException($"cannot reach {Endpoint} ({ex.Message}). Is the local cloud running? Start it with `up`, or pass --endpoint.", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new EndpointException($"{Endpoint} did not answer {targetPrefix}.{operation} within {http.Timeout.TotalSeconds:0} s.", ex);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json;
            try
            {
                json = body.Length == 0 ? new JsonObject() : JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                json = null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var type = json?["__type"]?.GetValueKind() == JsonValueKind.String ? json["__type"]!.GetValue<string>() : null;
                type = type?[(type.LastIndexOf('#') + 1)..];
                var text = (json?["message"] ?? json?["Message"])?.ToString();
                throw new EndpointException(type is null && text is null
                    ? $"{targetPrefix}.{operation} on {Endpoint} answered HTTP {(int)response.StatusCode}: {Shorten(body)}"
                    : $"{type ?? $"HTTP {(int)response.StatusCode}"}: {text ?? "(no message)"}")
                { ErrorType = type };
            }

            return json as JsonObject
                ?? throw new EndpointException($"{targetPrefix}.{operation} on {Endpoint} answered with something that is not a JSON object: {Shorten(body)}");
        }
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
