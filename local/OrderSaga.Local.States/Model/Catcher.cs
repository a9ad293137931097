using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Model;

/// <summary>One Catch entry; ResultPath is null when the definition discards the error output.</summary>
public sealed record Catcher(IReadOnlyList<string> ErrorEquals, string Next)
{
    public JsonPath? ResultPath { get; init; } = JsonPathDefaults.Root;

    public PayloadTemplate? Assign { get; init; }
}
