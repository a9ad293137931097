using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Intrinsics;

/// <summary>A parsed intrinsic-function call tree, evaluated without re-parsing.</summary>
internal abstract record IntrinsicExpression
{
    internal sealed record Literal(JsonNode? Value, string? FormatText = null) : IntrinsicExpression;

    internal sealed record Path(JsonPath Value) : IntrinsicExpression;

    internal sealed record Call(string Name, IntrinsicExpression[] Arguments) : IntrinsicExpression;
}
