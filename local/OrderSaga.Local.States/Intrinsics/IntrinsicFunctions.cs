using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Intrinsics;

/// <summary>The <c>States.*</c> intrinsic functions, with the argument checks and quirks AWS applies.</summary>
internal static class IntrinsicFunctions
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["States.Format"] = (1, int.MaxValue),
        ["States.StringToJson"] = (1, 1),
        ["States.JsonToString"] = (1, 1),
        ["States.Array"] = (0, int.MaxValue),
        ["States.ArrayPartition"] = (2, 2),
        ["States.ArrayContains"] = (2, 2),
        ["States.ArrayRange"] = (3, 3),
        ["States.ArrayGetItem"] = (2, 2),
        ["States.ArrayLength"] = (1, 1),
        ["States.ArrayUnique"] = (1, 1),
        ["States.Base64Encode"] = (1, 1),
        ["States.Base64Decode"] = (1, 1),
        ["States.Hash"] = (2, 2),
        ["States.JsonMerge"] = (3, 3),
        ["States.MathRandom"] = (2, 3),
        ["States.MathAdd"] = (2, 2),
        ["States.StringSplit"] = (2, 2),
        ["States.UUID"] = (0, 0),
    };

    public static bool IsKnown(string name) => Arity.ContainsKey(name);

    public static bool TryCheckArity(IntrinsicExpression.Call call, out string error)
    {
        var (min, max) = Arity[call.Name];
        if (call.Arguments.Length < min || call.Arguments.Length > max)
        {
            error = $"{call.Name} takes {(min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {(max == int.MaxValue ? "any number of" : max.ToString(CultureInfo.InvariantCulture))}")} arguments, not {call.Arguments.Length}";
            return false;
        }

        foreach (var arg in call.Arguments)
        {
            if (arg is IntrinsicExpression.Call inner && !TryCheckArity(inner, out error))
            {
                return false;
            }
        }

        error = "";
        return true;
    }

    public static JsonNode? Evaluate(IntrinsicExpression expression, Func<JsonPath, JsonNode?> resolve, Random random)
    {
        switch (expression)
        {
            case IntrinsicExpression.Literal l:
                return l.Value?.DeepClone();
            case IntrinsicExpression.Path p:
                return resolve(p.Value)?.DeepClone();
            case IntrinsicExpression.Call c:
                var args = new JsonNode?[c.Arguments.Length];
                for (var i = 0; i < args.Length; i++)
                {
                    args[i] = Evaluate(c.Arguments[i], resolve, random);
                }

                return Invoke(c, args, random);
            default:
                throw new InvalidOperationException("unknown intrinsic expression");
        }
    }

    private static JsonNode? Invoke(IntrinsicExpression.Call call, JsonNode?[] a, Random random)
    {
        var name = call.Name;
        switch (name)
        {
            case "States.Format":
                var template = call.Arguments[0] is IntrinsicExpression.Literal { FormatText: { } f } ? f : Str(name, a[0]);
                return JsonValue.Create(Format(template, a.AsSpan(1)));
            case "States.StringToJson":
                var text = Str(name, a[0]);
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    throw Fail(name, $"the argument is not valid JSON: {e.Message}");
                }

            case "States.JsonToString":
                return JsonValue.Create(JsonValues.ToText(a[0]));
            case "States.Array":
                return new JsonArray(a);
            case "States.ArrayPartition":
            {
                var arr = Arr(name, a[0]);
                var size = Int(name, a[1]);
                if (size <= 0)
                {
                    throw Fail(name, "the chunk size must be greater than 0");
                }

                var result = new JsonArray();
                for (var i = 0; i < arr.Count; i += size)
                {
                    var chunk = new JsonArray();
                    for (var j = i; j < Math.Min(i + size, arr.Count); j++)
                    {
                        chunk.Add(arr[j]?.DeepClone());
                    }

                    result.Add(chunk);
                }

                return result;
            }

            case "States.ArrayContains":
            {
                var arr = Arr(name, a[0]);
                return JsonValue.Create(arr.Any(x => JsonValues.DeepEquals(x, a[1])));
            }

            case "States.ArrayRange":
            {
                var start = Int(name, a[0]);
                var end = Int(name, a[1]);
                var step = Int(name, a[2]);
                if (step == 0)
                {
                    throw Fail(name, "the step must not be 0");
                }

                var result = new JsonArray();
                for (long v = start; step > 0 ? v <= end : v >= end; v += step)
                {
                    if (result.Count == 1000)
                    {
                        throw Fail(name, "the range would have more than 1000 items");
                    }

                    result.Add(JsonValue.Create(v));
                }

                return result;
            }

            case "States.ArrayGetItem":
            {
                var arr = Arr(name, a[0]);
                var index = Int(name, a[1]);
                if (index < 0 || index >= arr.Count)
                {
                    throw Fail(name, $"index {index} is out of bounds for an array of {arr.Count} items");
                }

                return arr[index]?.DeepClone();
            }

            case "States.ArrayLength":
                return JsonValue.Create(Arr(name, a[0]).Count);
            case "States.ArrayUnique":
            {
                var result = new JsonArray();
                foreach (var item in Arr(name, a[0]))
                {
                    if (!result.Any(x => JsonValues.DeepEquals(x, item)))
                    {
                        result.Add(item?.DeepClone());
                    }
                }

                return result;
            }

            case "States.Base64Encode":
            {
                var s = Str(name, a[0]);
                if (s.Length > 10000)
                {
                    throw Fail(name, "the input is longer than 10000 characters");
                }

                return JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(s)));
            }

            case "States.Base64Decode":
            {
                var s = Str(name, a[0]);
                try
                {
                    return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(s)));
                }
                catch (FormatException)
                {
                    throw Fail(name, "the input is not valid Base64");
                }
            }

            case "States.Hash":
            {
                var data = a[0] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : JsonValues.ToText(a[0]);
                var algorithm = Str(name, a[1]);
                var bytes = Encoding.UTF8.GetBytes(data);
#pragma warning disable CA5350, CA5351 // States.Hash must offer the algorithms AWS offers; nothing here relies on them for security.
                byte[] hash = algorithm switch
                {
                    "MD5" => MD5.HashData(bytes),
                    "SHA-1" => SHA1.HashData(bytes),
                    "SHA-256" => SHA256.HashData(bytes),
                    "SHA-384" => SHA384.HashData(bytes),
                    "SHA-512" => SHA512.HashData(bytes),
                    _ => throw Fail(name, $"unsupported hash algorithm '{algorithm}'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"),
                };
#pragma warning restore CA5350, CA5351
                return JsonValue.Create(Convert.ToHexStringLower(hash));
            }

            case "States.JsonMerge":
            {
                if (a[0] is not JsonObject left || a[1] is not JsonObject right)
                {
                    throw Fail(name, "both arguments must be JSON objects");
                }

                if (a[2] is not JsonValue deep || deep.GetValueKind() != JsonValueKind.False)
                {
                    throw Fail(name, "deep merging is not supported: the third argument must be false");
                }

                var result = (JsonObject)left.DeepClone();
                foreach (var kv in right)
                {
                    result[kv.Key] = kv.Value?.DeepClone();
                }

                return result;
            }

            case "States.MathRandom":
            {
                var start = Int(name, a[0]);
                var end = Int(name, a[1]);
                var rng = a.Length > 2 ? new Random(Int(name, a[2])) : random;
                if (end <= start)
                {
                    throw Fail(name, "the end must be greater than the start");
                }

                return JsonValue.Create(rng.Next(start, end));
            }

            case "States.MathAdd":
                return JsonValue.Create(Int(name, a[0]) + (long)Int(name, a[1]));
            case "States.StringSplit":
            {
                var s = Str(name, a[0]);
                var delimiters = Str(name, a[1]);
                var result = new JsonArray();
                foreach (var part in s.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries))
                {
                    result.Add(JsonValue.Create(part));
                }

                return result;
            }

            case "States.UUID":
                return JsonValue.Create(Guid.NewGuid().ToString());
            default:
                throw Fail(name, "unknown function");
        }
    }

    private static string Format(string template, ReadOnlySpan<JsonNode?> args)
    {
        var sb = new StringBuilder();
        var next = 0;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && i + 1 < template.Length && template[i + 1] is '{' or '}')
            {
                sb.Append(template[++i]);
            }
            else if (c == '{' && i + 1 < template.Length && template[i + 1] == '}')
            {
                if (next >= args.Length)
                {
                    throw Fail("States.Format", "the template has more placeholders than arguments");
                }

                AppendJava(sb, args[next++]);
                i++;
            }
            else
            {
                sb.Append(c);
            }
        }

        if (next != args.Length)
        {
            throw Fail("States.Format", "the template has fewer placeholders than arguments");
        }

        return sb.ToString();
    }

    /// <summary>AWS renders Format arguments as Java's toString does: strings raw, maps as <c>{a=1, b=[]}</c>.</summary>
    private static void AppendJava(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var kv in obj)
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    sb.Append(kv.Key).Append('=');
                    AppendJava(sb, kv.Value);
                }

                sb.Append('}');
                break;
            case JsonArray arr:
                sb.Append('[');
                for (var i = 0; i < arr.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    AppendJava(sb, arr[i]);
                }

                sb.Append(']');
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                sb.Append(v.GetValue<string>());
                break;
            default:
                sb.Append(JsonValues.ToText(node));
                break;
        }
    }

    private static string Str(string fn, JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Fail(fn, $"expected a string argument, got {JsonValues.TypeName(node)}");

    private static JsonArray Arr(string fn, JsonNode? node) =>
        node as JsonArray ?? throw Fail(fn, $"expected an array argument, got {JsonValues.TypeName(node)}");

    /// <summary>Numbers are rounded as Java's Math.round does (half up), which is what AWS shows for MathAdd(1.5, 0) = 2.</summary>
    private static int Int(string fn, JsonNode? node)
    {
        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            var d = JsonValues.ToDouble(v);
            var r = Math.Floor(d + 0.5);
            if (r is > int.MaxValue or < int.MinValue)
            {
                throw Fail(fn, $"the number {d.ToString(CultureInfo.InvariantCulture)} is out of range");
            }

            return (int)r;
        }

        throw Fail(fn, $"expected a number argument, got {JsonValues.TypeName(node)}");
    }

    private static RuntimeFailureException Fail(string fn, string message) => new($"The intrinsic function {fn} failed: {message}.");
}
