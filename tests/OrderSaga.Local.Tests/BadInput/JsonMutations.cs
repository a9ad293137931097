using System.Text;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Tests.BadInput;

/// <summary>
/// Generated mutations of a valid JSON document: every member dropped, retyped and renamed, every array element
/// dropped, the text truncated at every offset, seeded character flips and random bytes.
/// </summary>
internal static class JsonMutations
{
    private static readonly string[] Replacements = ["0", "-1", "1.5", "1e400", "\"\"", "\"$.[\"", "[]", "{}", "null", "true", "[[[[[[[[1]]]]]]]]"];

    private const string FlipChars = "{}[]\":,\\ 0aZ$.\u0000\ud800";

    public static IEnumerable<(string Label, string Text)> Of(string json, int seed, int flips, int randomTexts)
    {
        var root = JsonNode.Parse(json)!;
        var paths = new List<(string Path, Func<JsonNode, JsonNode> Locate)>();
        Collect(root, "$", n => n, paths);
        foreach (var (path, locate) in paths.Skip(1))
        {
            yield return ($"drop {path}", Mutate(root, locate, node => Remove(node)));
            foreach (var replacement in Replacements)
            {
                yield return ($"retype {path} -> {replacement}", Mutate(root, locate, node => node.ReplaceWith(JsonNode.Parse(replacement))));
            }

            if (locate(root).Parent is JsonObject)
            {
                yield return ($"rename {path}", Mutate(root, locate, node => Rename(node, node.GetPropertyName() + "X")));
                yield return ($"lowercase {path}", Mutate(root, locate, node => Rename(node, node.GetPropertyName().ToLowerInvariant())));
            }
        }

        // Raw-text retypes, for what a JsonNode cannot hold (a lone surrogate escape).
        var compact = root.ToJsonString();
        foreach (var (path, locate) in paths.Skip(1).Where(p => p.Locate(root).GetValueKind() == System.Text.Json.JsonValueKind.String))
        {
            var literal = locate(root).ToJsonString();
            var at = compact.IndexOf(literal, StringComparison.Ordinal);
            yield return ($"lone-surrogate {path}", compact[..at] + "\"\\ud800\"" + compact[(at + literal.Length)..]);
        }

        for (var length = 0; length < json.Length; length++)
        {
            yield return ($"truncate at {length}", json[..length]);
        }

        var random = new Random(seed);
        for (var i = 0; i < flips; i++)
        {
            var chars = json.ToCharArray();
            for (var j = random.Next(1, 4); j > 0; j--)
            {
                chars[random.Next(chars.Length)] = FlipChars[random.Next(FlipChars.Length)];
            }

            yield return ($"flip #{i}", new string(chars));
        }

        for (var i = 0; i < randomTexts; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            yield return ($"random bytes #{i}", Encoding.UTF8.GetString(bytes));
        }
    }

    private static void Collect(JsonNode? node, string path, Func<JsonNode, JsonNode> locate, List<(string, Func<JsonNode, JsonNode>)> paths)
    {
        paths.Add((path, locate));
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, _) in obj)
                {
                    if (obj[name] is not null)
                    {
                        Collect(obj[name], $"{path}.{name}", r => locate(r)[name]!, paths);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    if (array[i] is not null)
                    {
                        Collect(array[i], $"{path}[{i}]", r => locate(r)[index]!, paths);
                    }
                }

                break;
        }
    }

    private static string Mutate(JsonNode root, Func<JsonNode, JsonNode> locate, Action<JsonNode> change)
    {
        var copy = root.DeepClone();
        change(locate(copy));
        return copy.ToJsonString();
    }

    private static void Remove(JsonNode node)
    {
        switch (node.Parent)
        {
            case JsonObject obj:
                obj.Remove(node.GetPropertyName());
                break;
            case JsonArray array:
                array.Remove(node);
                break;
        }
    }

    private static void Rename(JsonNode node, string name)
    {
        var obj = (JsonObject)node.Parent!;
        var old = node.GetPropertyName();
        obj.Remove(old);
        obj[name] = node;
    }
}
