using System.Globalization;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Templates;

/// <summary>Reads typed values from resolved resource properties, recording a located error for each missing or mistyped one.</summary>
internal sealed class PropertyReader(JsonObject properties, string path, IntrinsicResolver resolver)
{
    public JsonObject Properties => properties;

    public string Path => path;

    public string? String(string name, bool required = false) => StringOf(properties[name], $"{path}.{name}", required);

    public string RequiredString(string name) => String(name, required: true) ?? string.Empty;

    public int? Int(string name) => IntOf(properties[name], $"{path}.{name}");

    public bool Bool(string name, bool defaultValue = false)
    {
        var node = properties[name];
        if (node is null)
        {
            return defaultValue;
        }

        if (node is JsonValue value && value.TryGetValue<bool>(out var b))
        {
            return b;
        }

        if (node is JsonValue text && text.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed))
        {
            return parsed;
        }

        resolver.AddError($"{path}.{name}", $"expected true or false, not {IntrinsicResolver.Describe(node)}");
        return defaultValue;
    }

    public PropertyReader? Object(string name, bool required = false)
    {
        switch (properties[name])
        {
            case JsonObject obj:
                return new PropertyReader(obj, $"{path}.{name}", resolver);
            case null when !required:
                return null;
            case var other:
                resolver.AddError($"{path}.{name}", other is null ? "is required" : $"expected an object, not {IntrinsicResolver.Describe(other)}");
                return null;
        }
    }

    public IReadOnlyList<PropertyReader> Objects(string name)
    {
        switch (properties[name])
        {
            case null:
                return [];
            case JsonArray array:
                var readers = new List<PropertyReader>(array.Count);
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonObject item)
                    {
                        readers.Add(new PropertyReader(item, $"{path}.{name}[{i}]", resolver));
                    }
                    else
                    {
                        resolver.AddError($"{path}.{name}[{i}]", $"expected an object, not {IntrinsicResolver.Describe(array[i])}");
                    }
                }

                return readers;
            case var other:
                resolver.AddError($"{path}.{name}", $"expected a list, not {IntrinsicResolver.Describe(other)}");
                return [];
        }
    }

    public IReadOnlyList<string> Strings(string name)
    {
        if (properties[name] is null)
        {
            return [];
        }

        if (properties[name] is not JsonArray array)
        {
            resolver.AddError($"{path}.{name}", "expected a list of strings");
            return [];
        }

        return array.Select((item, i) => StringOf(item, $"{path}.{name}[{i}]", required: true) ?? string.Empty).ToList();
    }

    /// <summary>A JSON document property that CloudFormation accepts either as an object or as JSON text (event patterns, redrive policies).</summary>
    public string? JsonText(string name) => properties[name] switch
    {
        null => null,
        JsonObject obj => obj.ToJsonString(),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => Unexpected(name, other),
    };

    public JsonObject? JsonObjectOrText(string name)
    {
        switch (properties[name])
        {
            case null:
                return null;
            case JsonObject obj:
                return obj;
            case JsonValue value when value.TryGetValue<string>(out var text):
                try
                {
                    return JsonNode.Parse(text) as JsonObject ?? throw new FormatException("not an object");
                }
                catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException)
                {
                    resolver.AddError($"{path}.{name}", $"is not a JSON object: {ex.Message}");
                    return null;
                }

            case var other:
                Unexpected(name, other);
                return null;
        }
    }

    private string? Unexpected(string name, JsonNode other)
    {
        resolver.AddError($"{path}.{name}", $"expected a JSON object or JSON text, not {IntrinsicResolver.Describe(other)}");
        return null;
    }

    private string? StringOf(JsonNode? node, string at, bool required)
    {
        if (node is null)
        {
            if (required)
            {
                resolver.AddError(at, "is required");
            }

            return null;
        }

        if (IntrinsicResolver.TryScalarText(node, out var text))
        {
            return text;
        }

        resolver.AddError(at, $"expected a string, not {IntrinsicResolver.Describe(node)}");
        return null;
    }

    private int? IntOf(JsonNode? node, string at)
    {
        if (node is null)
        {
            return null;
        }

        if (IntrinsicResolver.TryScalarText(node, out var text)
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        resolver.AddError(at, $"expected an integer, not {IntrinsicResolver.Describe(node)}");
        return null;
    }
}
