using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// A history event's details or payload, built only when someone reads them (the console, an API, persistence), so an
/// execution that nobody looks at does not pay for JSON it never shows. Each build returns a node of its own.
/// </summary>
internal abstract class DeferredJson
{
    public abstract JsonNode? Build();
}

/// <summary>Details that never vary for a given state (its name, <c>truncated: false</c>...): a private copy per read.</summary>
internal sealed class DeferredTemplate(JsonObject template) : DeferredJson
{
    public override JsonNode? Build() => template.DeepClone();
}
