using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Analysis;

/// <summary>
/// Reads what <c>verify</c> is pointed at: an ASL file, a CloudFormation template, or a <c>cdk.out</c> folder (each
/// <c>*.template.json</c>). In a template every <c>AWS::StepFunctions::StateMachine</c> is taken; its DefinitionString
/// (a string or an <c>Fn::Join</c>) becomes checkable JSON by writing each non-string part as a placeholder such as
/// <c>${PaymentFunction.Arn}</c>: the checker needs only the graph and the resource strings, never resolved values.
/// </summary>
public static class DefinitionLoader
{
    public static IReadOnlyList<MachineSource> Load(string path)
    {
        if (Directory.Exists(path))
        {
            var templates = Directory.GetFiles(path, "*.template.json").Order(StringComparer.Ordinal).ToList();
            if (templates.Count == 0)
            {
                throw new AnalysisException($"'{path}' is a folder without any *.template.json (expected a cdk.out folder).");
            }

            return [.. templates.SelectMany(t => FromTemplate(t, ReadJson(t)))];
        }

        if (!File.Exists(path))
        {
            throw new AnalysisException($"'{path}' does not exist.");
        }

        var root = ReadJson(path);
        if (root is JsonObject obj && obj.ContainsKey("Resources"))
        {
            return FromTemplate(path, obj);
        }

        if (root is JsonObject asl && asl.ContainsKey("States"))
        {
            return [new MachineSource(Path.GetFileNameWithoutExtension(path), path, asl)];
        }

        throw new AnalysisException($"'{path}' is neither an ASL definition (no States) nor a CloudFormation template (no Resources).");
    }

    private static JsonNode? ReadJson(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new AnalysisException($"{path}: not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message.Split('\n')[0]}", e);
        }
        catch (IOException e)
        {
            throw new AnalysisException($"{path}: {e.Message}", e);
        }
    }

    private static List<MachineSource> FromTemplate(string path, JsonNode? template)
    {
        var machines = new List<MachineSource>();
        if (template?["Resources"] is not JsonObject resources)
        {
            throw new AnalysisException($"{path}: Resources is not an object.");
        }

        foreach (var (logicalId, resource) in resources)
        {
            if (resource?["Type"]?.GetValueKind() != JsonValueKind.String || resource["Type"]!.GetValue<string>() != "AWS::StepFunctions::StateMachine")
            {
                continue;
            }

            var where = $"{path}: Resources.{logicalId}.Properties";
            var properties = resource["Properties"] as JsonObject ?? throw new AnalysisException($"{where} is missing.");
            JsonNode definition;
            if (properties["Definition"] is JsonObject inline)
            {
                definition = inline;
            }
            else if (properties["DefinitionString"] is { } ds)
            {
                var text = Flatten(ds, $"{where}.DefinitionString");
                try
                {
                    definition = JsonNode.Parse(text) ?? throw new AnalysisException($"{where}.DefinitionString is JSON null.");
                }
                catch (JsonException e)
                {
                    throw new AnalysisException($"{where}.DefinitionString is not JSON once its tokens are replaced by placeholders: {e.Message.Split('\n')[0]}", e);
                }
            }
            else
            {
                throw new AnalysisException($"{where} has neither Definition nor DefinitionString (DefinitionS3Location is not supported).");
            }

            machines.Add(new MachineSource(logicalId, path, definition));
        }

        if (machines.Count == 0)
        {
            throw new AnalysisException($"{path}: no AWS::StepFunctions::StateMachine resource.");
        }

        return machines;
    }

    private static string Flatten(JsonNode node, string where)
    {
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }

        if (node is JsonObject { Count: 1 } join && join["Fn::Join"] is JsonArray { Count: 2 } args && args[1] is JsonArray parts)
        {
            var delimiter = args[0] is JsonValue d && d.TryGetValue<string>(out var ds) ? ds : "";
            var text = new StringBuilder();
            for (var i = 0; i < parts.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(delimiter);
                }

                if (parts[i] is JsonValue pv && pv.TryGetValue<string>(out var literal))
                {
                    text.Append(literal);
                }
                else
                {
                    // Tokens outside a JSON string (a number such as TimeoutSeconds) need a JSON value, not text.
                    text.Append(InsideString(text) ? Placeholder(parts[i]) : "1");
                }
            }

            return text.ToString();
        }

        throw new AnalysisException($"{where} must be a string or an Fn::Join of strings and tokens, not {node.ToJsonString()}.");
    }

    private static string Placeholder(JsonNode? token) => token switch
    {
        JsonObject o when o["Ref"] is JsonValue r => $"${{{r}}}",
        JsonObject o when o["Fn::GetAtt"] is JsonArray { Count: 2 } a => $"${{{a[0]}.{a[1]}}}",
        JsonObject o when o.Count == 1 => $"${{{o.First().Key}}}",
        _ => "${Token}",
    };

    private static bool InsideString(StringBuilder text)
    {
        var inside = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && inside)
            {
                i++;
            }
            else if (text[i] == '"')
            {
                inside = !inside;
            }
        }

        return inside;
    }
}
