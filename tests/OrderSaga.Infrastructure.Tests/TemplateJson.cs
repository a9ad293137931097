using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderSaga.Infrastructure.Tests;

/// <summary>The synthesized template as JSON, with look-ups by construct id (the logical id without CDK's hash).</summary>
public sealed partial class TemplateJson(JsonObject template)
{
    public JsonObject Root { get; } = template;

    public IEnumerable<(string LogicalId, JsonObject Resource)> Resources(string type) =>
        Root["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    /// <summary>The one resource of <paramref name="type"/> whose logical id is <paramref name="constructId"/> plus a hash.</summary>
    public (string LogicalId, JsonObject Resource) Resource(string type, string constructId)
    {
        var matches = Resources(type).Where(r => ConstructId(r.LogicalId) == constructId).ToList();
        return matches.Count == 1
            ? matches[0]
            : throw new InvalidOperationException($"expected one {type} named {constructId}, found {matches.Count}: {string.Join(", ", Resources(type).Select(r => r.LogicalId))}");
    }

    public JsonObject Properties(string type, string constructId) => Resource(type, constructId).Resource["Properties"]!.AsObject();

    /// <summary>Every logical id a node refers to through Ref or Fn::GetAtt, however deep.</summary>
    public static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject o when o["Ref"] is JsonValue r => [(string)r!],
        JsonObject o when o["Fn::GetAtt"] is JsonArray a => [(string)a[0]!],
        JsonObject o => o.SelectMany(p => References(p.Value)),
        JsonArray a => a.SelectMany(References),
        _ => [],
    };

    /// <summary>Every IAM action string a node holds (policy statements' Action, single or list), however deep.</summary>
    public static IEnumerable<string> Actions(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "Action" ? Strings(p.Value) : Actions(p.Value)),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonArray a => a.Select(e => (string)e!),
        JsonValue v => [(string)v!],
        _ => [],
    };

    private static string ConstructId(string logicalId)
    {
        var match = LogicalIdHash().Match(logicalId);
        return match.Success ? match.Groups["id"].Value : logicalId;
    }

    [GeneratedRegex("^(?<id>.+?)[0-9A-F]{8}$")]
    private static partial Regex LogicalIdHash();
}
