using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Conformance;

/// <summary>
/// The recorded functions are Python: their responses are <c>json.dumps</c> text (<c>", "</c> and <c>": "</c> separators,
/// non-ASCII escaped) and <c>str(event)</c> is a dict repr. The harness reproduces both.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node, repr: false);
        return sb.ToString();
    }

    public static string Repr(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(sb, node, repr: true);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, JsonNode? node, bool repr)
    {
        switch (node)
        {
            case null:
                sb.Append(repr ? "None" : "null");
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
                    WriteString(sb, kv.Key, repr);
                    sb.Append(": ");
                    Write(sb, kv.Value, repr);
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

                    Write(sb, arr[i], repr);
                }

                sb.Append(']');
                break;
            default:
                switch (node.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(sb, node.GetValue<string>(), repr);
                        break;
                    case JsonValueKind.True:
                        sb.Append(repr ? "True" : "true");
                        break;
                    case JsonValueKind.False:
                        sb.Append(repr ? "False" : "false");
                        break;
                    default:
                        sb.Append(JsonValues.ToText(node));
                        break;
                }

                break;
        }
    }

    private static void WriteString(StringBuilder sb, string s, bool repr)
    {
        if (repr)
        {
            var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
            sb.Append(quote);
            foreach (var c in s)
            {
                sb.Append(c switch
                {
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ when c == quote => "\\" + c,
                    _ => c.ToString(),
                });
            }

            sb.Append(quote);
            return;
        }

        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
