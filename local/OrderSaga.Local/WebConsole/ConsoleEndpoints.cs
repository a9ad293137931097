using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrderSaga.Local.WebConsole;

/// <summary>
/// Serves the local console, a static single-page app under <c>/console/</c>. The page reads everything through the
/// AWS-compatible APIs on the same origin (Step Functions, SQS, DynamoDB), so it also shows how to call them;
/// the host only adds <c>/console/config.json</c>.
/// </summary>
internal static class ConsoleEndpoints
{
    public const string BasePath = "/console";

    private const string IndexFile = "index.html";

    // The page must work offline and load nothing from elsewhere; the policy makes a stray CDN link fail loudly.
    private const string ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder endpoints, ConsoleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        options ??= new ConsoleOptions();
        var assets = ConsoleAssets.Load(typeof(ConsoleEndpoints).Assembly);
        if (!assets.ContainsKey(IndexFile))
        {
            throw new InvalidOperationException($"The console's {IndexFile} is not embedded in {typeof(ConsoleEndpoints).Assembly.GetName().Name}: check the EmbeddedResource item for WebConsole/wwwroot in the project file.");
        }

        var config = JsonSerializer.SerializeToUtf8Bytes(
            new ConsoleConfig(options.CompensationStates, (int)options.RefreshInterval.TotalMilliseconds),
            ConsoleJsonContext.Default.ConsoleConfig);

        // Routing matches "/console/" here too; only the bare path is sent to the slash, so the page's relative URLs resolve.
        endpoints.MapGet(BasePath, context =>
        {
            if (context.Request.Path.Value?.EndsWith('/') == true)
            {
                return ServeAsync(context, assets);
            }

            context.Response.Redirect(BasePath + "/");
            return Task.CompletedTask;
        });
        endpoints.MapGet(BasePath + "/config.json", async context =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.Body.WriteAsync(config, context.RequestAborted);
        });
        endpoints.MapGet(BasePath + "/{**path}", context => ServeAsync(context, assets));
        return endpoints;
    }

    private static async Task ServeAsync(HttpContext context, IReadOnlyDictionary<string, ConsoleAsset> assets)
    {
        var path = context.Request.RouteValues["path"] as string;
        if (!assets.TryGetValue(string.IsNullOrEmpty(path) ? IndexFile : path, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"The console has no file '{path}'.", context.RequestAborted);
            return;
        }

        var headers = context.Response.Headers;
        headers.ETag = asset.ETag;
        // Revalidate every time: after a rebuild the page must not mix old and new modules.
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Content.Length;
        await context.Response.Body.WriteAsync(asset.Content, context.RequestAborted);
    }
}
