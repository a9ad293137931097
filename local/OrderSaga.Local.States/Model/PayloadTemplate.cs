using System.Text.Json.Nodes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Model;

/// <summary>
/// A compiled payload template (Parameters, ResultSelector, ItemSelector, Assign): constants are kept as nodes, and
/// every <c>"key.$"</c> field is a compiled path or intrinsic call, so nothing is parsed while executing.
/// </summary>
public sealed class PayloadTemplate
{
    internal PayloadTemplate(TemplateNode root) => Root = root;

    internal TemplateNode Root { get; }

    internal abstract record TemplateNode;

    internal sealed record ConstantNode(JsonNode? Value) : TemplateNode;

    internal sealed record PathNode(string Field, JsonPath Path) : TemplateNode;

    internal sealed record IntrinsicNode(string Field, IntrinsicExpression.Call Call) : TemplateNode;

    internal sealed record ObjectNode(IReadOnlyList<KeyValuePair<string, TemplateNode>> Members) : TemplateNode
    {
        /// <summary>False when a key repeats (<c>"a"</c> beside <c>"a.$"</c>): the later member then wins.</summary>
        public bool UniqueKeys { get; } = Members.Select(m => m.Key).Distinct(StringComparer.Ordinal).Count() == Members.Count;
    }

    internal sealed record ArrayNode(IReadOnlyList<TemplateNode> Items) : TemplateNode;
}
