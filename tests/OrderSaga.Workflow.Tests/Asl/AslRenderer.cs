using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderSaga.Workflow.Tests.Asl;

/// <summary>
/// Turns a synthesized state machine's DefinitionString (a string, or an <c>Fn::Join</c> of strings and
/// CloudFormation tokens) back into ASL JSON, replacing each token with a name chosen by the caller.
/// </summary>
public static partial class AslRenderer
{
    /// <summary>
    /// Stable, readable names: <c>${InventoryFunction.Arn}</c> for a GetAtt, <c>${OrdersTable.Name}</c> for a Ref of a
    /// resource, <c>${AWS::Partition}</c> for a pseudo parameter. The construct id is the logical id without CDK's
    /// 8-character hash, so the snapshot does not change when unrelated construct paths do.
    /// </summary>
    public static string Placeholder(JsonNode token) => "${" + TokenName(token) + "}";

    /// <summary>Like <see cref="Placeholder"/>, but <c>aws</c> for the partition, which ASL validators check inside Resource ARNs.</summary>
    public static string ConcretePartition(JsonNode token) =>
        (string?)token["Ref"] == "AWS::Partition" ? "aws" : Placeholder(token);

    public static JsonObject RenderStateMachine(JsonObject template, Func<JsonNode, string> renderToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(renderToken);

        var machines = template["Resources"]!.AsObject()
            .Where(r => (string?)r.Value?["Type"] == "AWS::StepFunctions::StateMachine")
            .ToList();
        if (machines.Count != 1)
        {
            throw new InvalidOperationException($"expected one AWS::StepFunctions::StateMachine in the template, found {machines.Count}");
        }

        var definition = machines[0].Value!["Properties"]?["DefinitionString"]
            ?? throw new InvalidOperationException($"state machine {machines[0].Key} has no Properties.DefinitionString");
        var text = Render(definition, renderToken);
        return JsonNode.Parse(text)?.AsObject()
            ?? throw new InvalidOperationException($"state machine {machines[0].Key}: the rendered definition is not a JSON object");
    }

    private static string Render(JsonNode definition, Func<JsonNode, string> renderToken)
    {
        if (definition is JsonValue value)
        {
            return value.GetValue<string>();
        }

        var join = definition["Fn::Join"]?.AsArray()
            ?? throw new InvalidOperationException($"DefinitionString is neither a string nor an Fn::Join: {definition.ToJsonString()}");
        if ((string?)join[0] != "")
        {
            throw new InvalidOperationException($"DefinitionString joins with a separator ('{join[0]}'); CDK joins with an empty one");
        }

        var text = new StringBuilder();
        foreach (var part in join[1]!.AsArray())
        {
            text.Append(part is JsonValue literal ? literal.GetValue<string>() : renderToken(part!));
        }

        return text.ToString();
    }

    private static string TokenName(JsonNode token)
    {
        if (token["Ref"] is JsonValue reference)
        {
            var name = reference.GetValue<string>();
            return name.StartsWith("AWS::", StringComparison.Ordinal) ? name : ConstructId(name) + ".Name";
        }

        if (token["Fn::GetAtt"] is JsonArray getAtt && getAtt.Count == 2)
        {
            return ConstructId((string)getAtt[0]!) + "." + (string)getAtt[1]!;
        }

        throw new InvalidOperationException($"no placeholder for the token {token.ToJsonString()}: expected Ref or Fn::GetAtt");
    }

    private static string ConstructId(string logicalId)
    {
        var match = LogicalIdHash().Match(logicalId);
        return match.Success ? match.Groups["id"].Value : logicalId;
    }

    [GeneratedRegex("^(?<id>.+?)[0-9A-F]{8}$")]
    private static partial Regex LogicalIdHash();
}
