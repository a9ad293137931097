using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace OrderSaga.Local.Chaos;

/// <summary>
/// <c>/_local/chaos</c>: GET the settings and the faults injected so far; POST <c>{"seed": S, "rate": R}</c> to turn
/// chaos on (counting afresh); DELETE to turn it off. <c>up --chaos-seed --chaos-rate</c> sets it at start.
/// </summary>
internal static class ChaosEndpoints
{
    public const string Path = "/_local/chaos";

    public static void MapChaos(this IEndpointRouteBuilder endpoints, ChaosInjector chaos)
    {
        endpoints.MapGet(Path, () => Results.Text(chaos.Snapshot().ToJsonString(), "application/json"));
        endpoints.MapPost(Path, async context =>
        {
            JsonObject? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
            }
            catch (JsonException)
            {
                body = null;
            }

            var error = body is null ? "the body must be a JSON object such as {\"seed\": 7, \"rate\": 0.2}" : TryConfigure(chaos, body);
            context.Response.StatusCode = error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(error is null ? chaos.Snapshot() : new JsonObject { ["message"] = error }, context.RequestAborted);
        });
        endpoints.MapDelete(Path, () =>
        {
            chaos.Configure(null);
            return Results.NoContent();
        });
    }

    /// <summary>A duplicate member or a member name that is not valid UTF-8 only shows when the object is read: the caller's error, not a 500.</summary>
    private static string? TryConfigure(ChaosInjector chaos, JsonObject body)
    {
        try
        {
            return Configure(chaos, body);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            return $"the settings are not valid: {ex.Message} (seed is a 32-bit integer, rate a number between 0 and 1)";
        }
    }

    private static string? Configure(ChaosInjector chaos, JsonObject body)
    {
        if (body["rate"] is not JsonValue rateValue || !rateValue.TryGetValue<double>(out var rate))
        {
            return "rate must be a number between 0 and 1";
        }

        if (ChaosSettings.Validate(rate) is { } invalid)
        {
            return invalid;
        }

        var seed = 0;
        if (body["seed"] is { } seedNode && (seedNode is not JsonValue seedValue || !seedValue.TryGetValue(out seed)))
        {
            return "seed must be a 32-bit integer";
        }

        chaos.Configure(new ChaosSettings(seed, rate));
        return null;
    }
}
