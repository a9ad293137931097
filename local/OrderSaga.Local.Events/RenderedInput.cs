namespace OrderSaga.Local.Events;

/// <summary>The body delivered to a target, or why nothing is delivered (e.g. the template produced invalid JSON).</summary>
public sealed record RenderedInput(bool Delivered, string? Body, string? Reason)
{
    public static RenderedInput Deliver(string body) => new(true, body, null);

    public static RenderedInput NotDelivered(string reason) => new(false, null, reason);
}
