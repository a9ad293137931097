using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Json;

/// <summary>
/// Copies of JSON trees sized exactly up front: <see cref="JsonNode.DeepClone"/> grows each object's dictionary member
/// by member, and adding one more member (a ResultPath) to a copy grows it again.
/// </summary>
internal static class JsonCopy
{
    public static JsonNode? Deep(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => Object(obj, null, null),
        JsonArray arr => Array(arr),
        _ => node.DeepClone(),
    };

    /// <summary>A copy of <paramref name="source"/> in which <paramref name="name"/> is <paramref name="value"/> (in place if present, else last).</summary>
    public static JsonObject WithMember(JsonObject source, string name, JsonNode? value) => Object(source, name, value);

    private static JsonObject Object(JsonObject source, string? name, JsonNode? value)
    {
        var count = source.Count;
        var index = name is null ? -1 : source.IndexOf(name);
        var extra = name is not null && index < 0 ? 1 : 0;
        var members = new KeyValuePair<string, JsonNode?>[count + extra];
        for (var i = 0; i < count; i++)
        {
            var member = source.GetAt(i);
            members[i] = new(member.Key, i == index ? value : Deep(member.Value));
        }

        if (extra == 1)
        {
            members[count] = new(name!, value);
        }

        return new JsonObject(members);
    }

    private static JsonArray Array(JsonArray source)
    {
        var items = new JsonNode?[source.Count];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = Deep(source[i]);
        }

        return new JsonArray(items);
    }
}
