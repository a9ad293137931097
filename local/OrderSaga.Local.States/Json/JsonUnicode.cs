using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Json;

/// <summary>
/// System.Text.Json accepts invalid UTF-8 and lone surrogate escapes inside strings and fails only when the string is
/// read, far from where the text came in. Checking once on the way in turns that into a located input error.
/// </summary>
public static class JsonUnicode
{
    /// <summary>The JSON path of the first string or member name that is not valid Unicode, or null when all are.</summary>
    public static string? FindInvalidString(JsonNode? node, string path = "$")
    {
        switch (node)
        {
            case JsonObject obj:
                KeyValuePair<string, JsonNode?>[] members;
                try
                {
                    // The object decodes its member names when first enumerated.
                    members = [.. obj];
                }
                catch (InvalidOperationException)
                {
                    return $"{path} (a member name)";
                }

                foreach (var (name, value) in members)
                {
                    if (!IsValid(name))
                    {
                        return $"{path} (a member name)";
                    }

                    if (FindInvalidString(value, $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (FindInvalidString(array[i], $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                try
                {
                    // A value still backed by the parsed document decodes its UTF-8 on each read; read it the way callers will.
                    var text = value.TryGetValue<System.Text.Json.JsonElement>(out var element) ? element.GetString() : value.GetValue<string>();
                    return text is not null && IsValid(text) ? null : path;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            default:
                return null;
        }
    }

    /// <summary>The same check on a parsed document: the JSON path of the first unreadable string or member name, or null.</summary>
    public static string? FindInvalidString(System.Text.Json.JsonElement element, string path = "$")
    {
        try
        {
            switch (element.ValueKind)
            {
                case System.Text.Json.JsonValueKind.String:
                    return IsValid(element.GetString()!) ? null : path;
                case System.Text.Json.JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        if (FindInvalidString(item, $"{path}[{index++}]") is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                case System.Text.Json.JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        string name;
                        try
                        {
                            name = property.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            return $"{path} (a member name)";
                        }

                        if (!IsValid(name))
                        {
                            return $"{path} (a member name)";
                        }

                        if (FindInvalidString(property.Value, $"{path}.{name}") is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path;
        }
    }

    private static bool IsValid(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]))
            {
                if (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
            else if (char.IsLowSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
