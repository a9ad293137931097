using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.Cloud;

/// <summary>
/// The <c>events:putEvents</c> integration goes through the same PutEvents operation the endpoint serves, so a
/// state machine's events are validated and routed exactly like the AWS CLI's.
/// </summary>
internal sealed class ApiEventPublisher : IEventPublisher
{
    private EventBridgeApi? api;

    /// <summary>Set once EventBridge exists; it is built after Step Functions, whose executions it starts.</summary>
    public EventBridgeApi Api
    {
        set => api = value;
    }

    public async Task<JsonObject> PutEventsAsync(JsonArray entries, CancellationToken cancellationToken)
    {
        var target = api ?? throw new InvalidOperationException("EventBridge is not deployed yet.");
        using var request = JsonDocument.Parse(new JsonObject { ["Entries"] = entries.DeepClone() }.ToJsonString());
        try
        {
            var response = await target.HandleAsync("PutEvents", request.RootElement, cancellationToken);
            return response as JsonObject ?? [];
        }
        catch (AwsJsonError error)
        {
            // A whole-request error fails every entry; the integration reports it as a failed entry.
            return new JsonObject
            {
                ["FailedEntryCount"] = entries.Count,
                ["Entries"] = new JsonArray([.. entries.Select(_ => (JsonNode)new JsonObject { ["ErrorCode"] = error.Type, ["ErrorMessage"] = error.Message })]),
            };
        }
    }
}
