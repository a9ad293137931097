namespace OrderSaga.Local.Events;

/// <summary>A rule's target as PutTargets receives it.</summary>
public sealed record EventTarget(
    string Id,
    string Arn,
    string? RoleArn = null,
    string? Input = null,
    string? InputPath = null,
    InputTransformer? InputTransformer = null,
    RetryPolicy? RetryPolicy = null,
    string? DeadLetterArn = null)
{
    public RenderedInput Render(System.Text.Json.JsonElement @event, TransformContext context) =>
        TargetInput.Render(@event, Input, InputPath, InputTransformer, context);
}
