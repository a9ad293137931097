using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrderSaga.Local.Lambda;

/// <summary>
/// The Lambda Runtime API (2018-06-01) for the host's workers. Each worker's AWS_LAMBDA_RUNTIME_API carries its
/// own path segment, so many execution environments share one listener and each still sees the standard paths.
/// </summary>
internal static class RuntimeApiEndpoints
{
    public const string DefaultPrefix = "/_lambda-runtime";

    private const string Version = "2018-06-01";

    /// <summary>Maps the routes under <paramref name="prefix"/>; then call <c>host.AttachRuntimeApi("127.0.0.1:&lt;port&gt;" + prefix)</c>.</summary>
    public static IEndpointRouteBuilder MapLambdaRuntimeApi(this IEndpointRouteBuilder endpoints, LambdaHost host, string prefix = DefaultPrefix)
    {
        var root = $"{prefix.TrimEnd('/')}/{{workerId}}/{Version}/runtime";
        endpoints.MapGet($"{root}/invocation/next", context => NextAsync(context, host));
        endpoints.MapPost($"{root}/invocation/{{requestId}}/response", context => ResultAsync(context, host, isError: false));
        endpoints.MapPost($"{root}/invocation/{{requestId}}/error", context => ResultAsync(context, host, isError: true));
        endpoints.MapPost($"{root}/init/error", context => InitErrorAsync(context, host));
        return endpoints;
    }

    private static async Task NextAsync(HttpContext context, LambdaHost host)
    {
        if (Worker(context, host) is not { } worker)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidWorker", "This execution environment is no longer known to the host.");
            return;
        }

        PendingInvocation pending;
        long? deadline;
        do
        {
            try
            {
                pending = await worker.NextAsync(context.RequestAborted);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidWorker", "This execution environment has been shut down.");
                return;
            }

            deadline = worker.Pool.OnDispatched(worker, pending);
        }
        while (deadline is null);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        response.Headers["Lambda-Runtime-Aws-Request-Id"] = pending.RequestId;
        response.Headers["Lambda-Runtime-Deadline-Ms"] = deadline.Value.ToString(CultureInfo.InvariantCulture);
        response.Headers["Lambda-Runtime-Invoked-Function-Arn"] = worker.Pool.Configuration.Arn;
        response.Headers["Lambda-Runtime-Trace-Id"] = TraceId(pending.RequestId, host.Options.TimeProvider.GetUtcNow());
        await response.Body.WriteAsync(pending.Payload, context.RequestAborted);
    }

    private static async Task ResultAsync(HttpContext context, LambdaHost host, bool isError)
    {
        if (Worker(context, host) is not { } worker)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidWorker", "This execution environment is no longer known to the host.");
            return;
        }

        var requestId = (string)context.Request.RouteValues["requestId"]!;
        var body = await ReadBodyAsync(context);
        if (isError && body.Length == 0)
        {
            var errorType = context.Request.Headers["Lambda-Runtime-Function-Error-Type"].ToString();
            body = LambdaErrors.Document(errorType.Length > 0 ? errorType : "Runtime.Unknown", "The runtime reported an error without details.");
        }

        if (!worker.Pool.OnResult(worker, requestId, body, isError))
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, "InvalidRequestID", $"Request {requestId} is not the current invocation of this execution environment.");
            return;
        }

        await WriteAcceptedAsync(context);
    }

    private static async Task InitErrorAsync(HttpContext context, LambdaHost host)
    {
        if (Worker(context, host) is not { } worker)
        {
            await WriteErrorAsync(context, StatusCodes.Status403Forbidden, "InvalidWorker", "This execution environment is no longer known to the host.");
            return;
        }

        worker.Pool.OnInitError(worker, await ReadBodyAsync(context));
        await WriteAcceptedAsync(context);
    }

    private static LambdaWorker? Worker(HttpContext context, LambdaHost host) =>
        host.FindWorker((string)context.Request.RouteValues["workerId"]!) is { IsDead: false } worker ? worker : null;

    private static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        return buffer.ToArray();
    }

    private static Task WriteAcceptedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync("{\"status\":\"OK\"}", context.RequestAborted);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string errorType, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.Body.WriteAsync(LambdaErrors.Document(errorType, message), context.RequestAborted).AsTask();
    }

    // X-Ray's format: Root=1-<epoch seconds, 8 hex>-<24 hex>; derived from the request id so it is stable per invocation.
    private static string TraceId(string requestId, DateTimeOffset now)
    {
        var hex = requestId.Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant()[..24];
        return $"Root=1-{now.ToUnixTimeSeconds():x8}-{hex};Parent={hex[..16]};Sampled=0";
    }
}
