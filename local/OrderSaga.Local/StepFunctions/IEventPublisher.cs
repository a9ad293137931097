using System.Text.Json.Nodes;

namespace OrderSaga.Local.StepFunctions;

/// <summary>What the <c>events:putEvents</c> integration needs from the local EventBridge: a PutEvents call and its response.</summary>
internal interface IEventPublisher
{
    /// <summary>Puts the entries (<c>Detail</c> already a JSON string) and returns PutEvents' response (<c>Entries</c>, <c>FailedEntryCount</c>).</summary>
    Task<JsonObject> PutEventsAsync(JsonArray entries, CancellationToken cancellationToken);
}
