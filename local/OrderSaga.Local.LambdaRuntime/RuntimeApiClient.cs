using System.Net.Http.Headers;
using System.Text.Json;

namespace OrderSaga.Local.LambdaRuntime;

/// <summary>The runtime's side of the Lambda Runtime API (version 2018-06-01).</summary>
internal sealed class RuntimeApiClient(HttpClient http) : IDisposable
{
    public const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    public static RuntimeApiClient Create(string runtimeApi)
    {
        // Never time out /next: the environment may wait for an event for as long as it likes.
        var http = new HttpClient { BaseAddress = new Uri($"http://{runtimeApi.TrimEnd('/')}/2018-06-01/"), Timeout = Timeout.InfiniteTimeSpan };
        return new RuntimeApiClient(http);
    }

    public async Task<Invocation> NextAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("runtime/invocation/next", cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? Header(string name) => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
        var requestId = Header("Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("the Runtime API returned an invocation without Lambda-Runtime-Aws-Request-Id");
        return new Invocation(requestId, Header("Lambda-Runtime-Deadline-Ms"), Header("Lambda-Runtime-Invoked-Function-Arn"), Header("Lambda-Runtime-Trace-Id"), body);
    }

    public async Task PostResponseAsync(string requestId, Stream output, CancellationToken cancellationToken)
    {
        using var content = new StreamContent(output);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"runtime/invocation/{requestId}/response", content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public Task PostInvocationErrorAsync(string requestId, Exception exception, CancellationToken cancellationToken) =>
        PostErrorAsync($"runtime/invocation/{requestId}/error", ErrorResponse.From(exception), cancellationToken);

    public Task PostInitErrorAsync(Exception exception, CancellationToken cancellationToken) =>
        PostErrorAsync("runtime/init/error", ErrorResponse.From(exception), cancellationToken);

    private async Task PostErrorAsync(string path, ErrorResponse error, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.ErrorResponse));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.TryAddWithoutValidation(ErrorTypeHeader, error.ErrorType);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
