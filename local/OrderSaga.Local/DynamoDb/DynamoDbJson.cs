using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.DynamoDb;

/// <summary>Converts between plain JSON and DynamoDB's typed JSON (<c>{"S": ...}</c>, <c>{"N": ...}</c>, ...).</summary>
internal static class DynamoDbJson
{
    /// <summary>A plain JSON object as a DynamoDB item; problems are added to <paramref name="errors"/> with their path.</summary>
    public static JsonObject ItemFromPlain(JsonObject plain, string path, List<string> errors)
    {
        var item = new JsonObject();
        foreach (var (name, value) in plain)
        {
            item[name] = FromPlain(value, $"{path}.{name}", errors);
        }

        return item;
    }

    public static JsonObject FromPlain(JsonNode? value, string path, List<string> errors)
    {
        switch (value)
        {
            case null:
                return new JsonObject { ["NULL"] = true };
            case JsonObject obj:
                return new JsonObject { ["M"] = ItemFromPlain(obj, path, errors) };
            case JsonArray array:
                return new JsonObject { ["L"] = new JsonArray(array.Select((v, i) => (JsonNode?)FromPlain(v, $"{path}[{i}]", errors)).ToArray()) };
        }

        var element = value.GetValue<JsonElement>();
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return new JsonObject { ["S"] = element.GetString() };
            case JsonValueKind.Number:
                // The number's text is kept as written: DynamoDB numbers are decimal strings.
                return new JsonObject { ["N"] = element.GetRawText() };
            case JsonValueKind.True or JsonValueKind.False:
                return new JsonObject { ["BOOL"] = element.GetBoolean() };
            default:
                errors.Add($"{path}: cannot store a JSON {element.ValueKind} in DynamoDB");
                return new JsonObject { ["NULL"] = true };
        }
    }

    /// <summary>A DynamoDB item as plain JSON (numbers as JSON numbers, sets as arrays, binary as base64 text).</summary>
    public static JsonObject ItemToPlain(JsonObject item)
    {
        var plain = new JsonObject();
        foreach (var (name, value) in item)
        {
            plain[name] = ToPlain(value as JsonObject);
        }

        return plain;
    }

    public static JsonNode? ToPlain(JsonObject? attribute)
    {
        if (attribute is null || attribute.Count != 1)
        {
            return null;
        }

        var (type, value) = attribute.First();
        return type switch
        {
            "S" or "B" => value?.DeepClone(),
            "N" => JsonNode.Parse(value!.GetValue<string>()),
            "BOOL" => value?.DeepClone(),
            "NULL" => null,
            "M" => ItemToPlain((JsonObject)value!),
            "L" => new JsonArray(value!.AsArray().Select(v => ToPlain(v as JsonObject)).ToArray()),
            "SS" or "BS" => value?.DeepClone(),
            "NS" => new JsonArray(value!.AsArray().Select(v => JsonNode.Parse(v!.GetValue<string>())).ToArray()),
            _ => null,
        };
    }
}
