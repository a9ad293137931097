using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Json;

/// <summary>Small helpers over <see cref="JsonNode"/> that treat numbers by value (1 equals 1.0), as AWS does.</summary>
public static class JsonValues
{
    public static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    public static bool IsString(JsonNode? node, out string value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            value = v.GetValue<string>();
            return true;
        }

        value = "";
        return false;
    }

    public static bool IsNumber(JsonNode? node, out double value)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            value = ToDouble(v);
            return true;
        }

        value = 0;
        return false;
    }

    /// <summary>Reads a number whether the node was parsed (a JsonElement) or built from a CLR primitive.</summary>
    public static double ToDouble(JsonValue v)
    {
        if (v.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (v.TryGetValue<decimal>(out var m))
        {
            return (double)m;
        }

        if (v.TryGetValue<float>(out var f))
        {
            return f;
        }

        return double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool IsBoolean(JsonNode? node, out bool value)
    {
        var kind = Kind(node);
        value = kind == JsonValueKind.True;
        return kind is JsonValueKind.True or JsonValueKind.False;
    }

    public static string TypeName(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var ka = Kind(a);
        var kb = Kind(b);
        if (ka == JsonValueKind.Number && kb == JsonValueKind.Number)
        {
            return ToDouble((JsonValue)a!) == ToDouble((JsonValue)b!);
        }

        if (ka != kb)
        {
            return false;
        }

        switch (ka)
        {
            case JsonValueKind.Object:
                var oa = (JsonObject)a!;
                var ob = (JsonObject)b!;
                if (oa.Count != ob.Count)
                {
                    return false;
                }

                foreach (var kv in oa)
                {
                    if (!ob.TryGetPropertyValue(kv.Key, out var other) || !DeepEquals(kv.Value, other))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                var aa = (JsonArray)a!;
                var ab = (JsonArray)b!;
                if (aa.Count != ab.Count)
                {
                    return false;
                }

                for (var i = 0; i < aa.Count; i++)
                {
                    if (!DeepEquals(aa[i], ab[i]))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                return a!.GetValue<string>() == b!.GetValue<string>();
            default:
                return true;
        }
    }

    /// <summary>
    /// Whether the compact UTF-8 text of <paramref name="node"/> is longer than <paramref name="limit"/> bytes, found by
    /// walking the tree (stopping as soon as the limit is passed) rather than by serialising it.
    /// </summary>
    public static bool ExceedsSize(JsonNode? node, int limit)
    {
        // First a bound that needs no number formatting; only a document near the limit is measured exactly.
        long bound = 0;
        if (!Walk(node, ref bound, limit, upperBound: true))
        {
            return false;
        }

        long total = 0;
        return Walk(node, ref total, limit, upperBound: false);
    }

    // The longest a number built from a CLR value can print ("-1.7976931348623157E+308" is 24 characters).
    private const int MaxPrimitiveNumberBytes = 32;

    private static readonly System.Buffers.SearchValues<char> PlainAscii =
        System.Buffers.SearchValues.Create(" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static bool Walk(JsonNode? node, ref long total, int limit, bool upperBound)
    {
        switch (node)
        {
            case null:
                total += 4;
                break;
            case JsonObject obj:
                total += 2 + Math.Max(0, obj.Count - 1);
                // By index: the object's enumerator is a boxed allocation on every call.
                for (var i = 0; i < obj.Count; i++)
                {
                    var kv = obj.GetAt(i);
                    total += StringSize(kv.Key) + 1;
                    if (Walk(kv.Value, ref total, limit, upperBound))
                    {
                        return true;
                    }
                }

                break;
            case JsonArray arr:
                total += 2 + Math.Max(0, arr.Count - 1);
                for (var i = 0; i < arr.Count; i++)
                {
                    if (Walk(arr[i], ref total, limit, upperBound))
                    {
                        return true;
                    }
                }

                break;
            default:
                total += node.GetValueKind() switch
                {
                    JsonValueKind.String => StringSize(node.GetValue<string>()),
                    JsonValueKind.True => 4,
                    JsonValueKind.False => 5,
                    JsonValueKind.Null => 4,
                    _ => upperBound && !((JsonValue)node).TryGetValue<JsonElement>(out _) ? MaxPrimitiveNumberBytes : node.ToJsonString().Length,
                };
                break;
        }

        return total > limit;
    }

    private static long StringSize(string s)
    {
        if (!s.AsSpan().ContainsAnyExcept(PlainAscii))
        {
            return s.Length + 2;
        }

        long size = 2;
        foreach (var c in s)
        {
            size += c switch
            {
                '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
                < ' ' => 6,
                < (char)0x80 => 1,
                < (char)0x800 => 2,
                _ when char.IsSurrogate(c) => 2,
                _ => 3,
            };
        }

        return size;
    }

    /// <summary>Compact JSON, as AWS writes it (<c>[1,2]</c>); <c>null</c> for a null node.</summary>
    public static string ToText(JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    /// <summary>AWS (Java) does not escape quotes, '&lt;' or non-ASCII characters as \u sequences.</summary>
    public static readonly JsonSerializerOptions Relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = JsonNodeContext.Default,
    };

    /// <summary>The UTF-8 size of the compact text, for the 256 KiB payload limit.</summary>
    public static int Utf8Size(JsonNode? node) => node is null ? 4 : System.Text.Encoding.UTF8.GetByteCount(ToText(node));
}
