using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OrderSaga.Local.Lambda;

namespace OrderSaga.Local.Cloud;

/// <summary>Lambda's REST API (2015-03-31): Invoke and ListFunctions, as the AWS CLI and SDKs call them.</summary>
internal static class LambdaApiEndpoints
{
    public static void MapLambdaApi(this IEndpointRouteBuilder endpoints, LambdaHost host, HostLambdaInvoker background)
    {
        // Routing ignores a trailing slash, so this also serves the CLI's "/2015-03-31/functions/".
        endpoints.MapGet("/2015-03-31/functions", context => ListFunctionsAsync(context, host));
        endpoints.MapPost("/2015-03-31/functions/{name}/invocations", context => InvokeAsync(context, host, background));
    }

    private static async Task ListFunctionsAsync(HttpContext context, LambdaHost host)
    {
        var functions = new JsonArray([.. host.ListFunctions().Select(f => (JsonNode)new JsonObject
        {
            ["FunctionName"] = f.Name,
            ["FunctionArn"] = f.Arn,
            ["Runtime"] = f.Runtime,
            ["Handler"] = f.Handler,
            ["Timeout"] = f.TimeoutSeconds,
            ["MemorySize"] = f.MemorySizeMb,
            ["Version"] = "$LATEST",
            ["PackageType"] = "Zip",
            ["Architectures"] = new JsonArray("x86_64"),
            ["Environment"] = new JsonObject { ["Variables"] = new JsonObject([.. f.Environment.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)e.Value))]) },
        })]);
        await WriteJsonAsync(context.Response, 200, new JsonObject { ["Functions"] = functions });
    }

    private static async Task InvokeAsync(HttpContext context, LambdaHost host, HostLambdaInvoker background)
    {
        var name = (string)context.Request.RouteValues["name"]!;
        if (host.FindFunction(name) is null)
        {
            await WriteErrorAsync(context.Response, 404, "ResourceNotFoundException", $"Function not found: arn:aws:lambda:{host.Options.Region}:000000000000:function:{name}");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (buffer.Length > 6 * 1024 * 1024)
        {
            await WriteErrorAsync(context.Response, 413, "RequestTooLargeException", $"Request must be smaller than 6291456 bytes for the InvokeFunction operation");
            return;
        }

        var payload = buffer.Length == 0 ? "{}"u8.ToArray() : buffer.ToArray();
        if (!IsJson(payload))
        {
            await WriteErrorAsync(context.Response, 400, "InvalidRequestContentException", "Could not parse request body into json: the payload is not valid JSON.");
            return;
        }

        switch (context.Request.Headers["X-Amz-Invocation-Type"].ToString())
        {
            case "Event":
                await background.InvokeAsync(name, payload, async: true, CancellationToken.None);
                context.Response.StatusCode = 202;
                return;
            case "DryRun":
                context.Response.StatusCode = 204;
                return;
            case "" or "RequestResponse":
                break;
            case var other:
                await WriteErrorAsync(context.Response, 400, "InvalidParameterValueException", $"1 validation error detected: Value '{other}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
                return;
        }

        var result = await host.InvokeAsync(name, payload, context.RequestAborted);
        context.Response.StatusCode = result.StatusCode;
        context.Response.Headers["X-Amz-Executed-Version"] = result.ExecutedVersion;
        context.Response.Headers["x-amzn-RequestId"] = result.RequestId;
        if (result.FunctionError is not null)
        {
            context.Response.Headers["X-Amz-Function-Error"] = result.FunctionError;
        }

        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(result.Payload, context.RequestAborted);
    }

    private static bool IsJson(byte[] payload)
    {
        var reader = new Utf8JsonReader(payload);
        try
        {
            return JsonDocument.TryParseValue(ref reader, out var document) && document is not null && Dispose(document);
        }
        catch (JsonException)
        {
            return false;
        }

        static bool Dispose(JsonDocument document)
        {
            document.Dispose();
            return true;
        }
    }

    private static Task WriteErrorAsync(HttpResponse response, int status, string type, string message)
    {
        response.Headers["x-amzn-ErrorType"] = type;
        return WriteJsonAsync(response, status, new JsonObject { ["Type"] = "User", ["Message"] = message });
    }

    private static async Task WriteJsonAsync(HttpResponse response, int status, JsonObject body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.Body);
        body.WriteTo(writer);
    }
}
