using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// Makes a cell's record the same on every run: the order id and SKUs (unique per run) become named placeholders, and
/// what the cloud generates (timestamps, request ids, UUIDs, ARNs, provider references) becomes a stable token.
/// </summary>
internal sealed partial class Normalizer(IReadOnlyDictionary<string, string> placeholders)
{
    public string Text(string value)
    {
        foreach (var (actual, placeholder) in placeholders.OrderByDescending(p => p.Key.Length))
        {
            value = value.Replace(actual, placeholder, StringComparison.Ordinal);
        }

        value = Arn().Replace(value, "<arn>");
        value = IsoTime().Replace(value, "<time>");
        value = HttpDate().Replace(value, "<time>");
        value = Uuid().Replace(value, "<uuid>");
        value = HexId().Replace(value, "<id>");
        value = ProviderReference().Replace(value, m => $"{m.Groups[1].Value}_<ref>");
        return value;
    }

    /// <summary>A copy of the node with every string normalised and object members in ordinal order.</summary>
    public JsonNode? Node(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(Text(p.Key), Node(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Node)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Text(value.GetValue<string>())),
        _ => node.DeepClone(),
    };

    /// <summary>A DynamoDB item (attribute values with type tags) as plain JSON, normalised.</summary>
    public JsonObject Item(JsonObject item) =>
        new(item.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Node(Plain(p.Value)))));

    private static JsonNode? Plain(JsonNode? attribute)
    {
        if (attribute is not JsonObject typed || typed.Count != 1)
        {
            return attribute?.DeepClone();
        }

        var (tag, value) = typed.First();
        return tag switch
        {
            "S" => value?.DeepClone(),
            "N" => JsonValue.Create(decimal.Parse(value!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture)),
            "BOOL" => value?.DeepClone(),
            "NULL" => null,
            "M" => new JsonObject(value!.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Plain(p.Value)))),
            "L" => new JsonArray([.. value!.AsArray().Select(Plain)]),
            "SS" or "NS" => new JsonArray([.. value!.AsArray().Select(v => v!.GetValue<string>()).Order(StringComparer.Ordinal).Select(v => (JsonNode)JsonValue.Create(v))]),
            _ => typed.DeepClone(),
        };
    }

    [GeneratedRegex(@"arn:aws[a-z-]*:[A-Za-z0-9-]+:[A-Za-z0-9:/._$-]*[A-Za-z0-9$]")]
    private static partial Regex Arn();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")]
    private static partial Regex HttpDate();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{32}\b")]
    private static partial Regex HexId();

    [GeneratedRegex(@"\b(ch|re|rf|pi|py)_[A-Za-z0-9]{6,}\b")]
    private static partial Regex ProviderReference();
}
