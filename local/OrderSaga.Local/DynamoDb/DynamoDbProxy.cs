using Microsoft.AspNetCore.Http;

namespace OrderSaga.Local.DynamoDb;

/// <summary>
/// Forwards DynamoDB requests that reach the local cloud's endpoint to dynalite unchanged (method, path, headers,
/// body), and copies dynalite's answer back, so AWS SDKs and the CLI see DynamoDB behind the one endpoint.
/// </summary>
internal sealed class DynamoDbProxy(HttpClient http, Uri dynaliteEndpoint)
{
    public const string TargetPrefix = "DynamoDB_20120810.";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    public static bool IsDynamoDbRequest(HttpRequest request) =>
        request.Headers["X-Amz-Target"].ToString().StartsWith(TargetPrefix, StringComparison.Ordinal);

    public async Task ForwardAsync(HttpContext context)
    {
        var incoming = context.Request;
        using var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), new Uri(dynaliteEndpoint, incoming.Path + incoming.QueryString));
        using var body = new MemoryStream();
        await incoming.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        outgoing.Content = new StreamContent(body);
        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // dynalite's SigV4 format check requires a Host header; it does not verify the signature.
        outgoing.Headers.Host = incoming.Host.Value;

        using var response = await http.SendAsync(outgoing, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
