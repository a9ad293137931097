using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Model;

/// <summary>A Fail state's ErrorPath/CausePath: a reference path or an intrinsic function call.</summary>
public sealed class PathOrIntrinsic
{
    internal PathOrIntrinsic(string text, JsonPath? path, IntrinsicExpression.Call? call)
    {
        Text = text;
        Path = path;
        Call = call;
    }

    public string Text { get; }

    public JsonPath? Path { get; }

    internal IntrinsicExpression.Call? Call { get; }
}
