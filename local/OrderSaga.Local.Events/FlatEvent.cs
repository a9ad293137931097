using System.Text.Json;

namespace OrderSaga.Local.Events;

/// <summary>
/// An event flattened once into dotted field paths → scalar values, the form every compiled pattern matches against.
/// Build one per event and match it against all rules.
/// </summary>
public sealed class FlatEvent
{
    private static readonly ArrayPosition[] NoArrays = [];
    private readonly Dictionary<string, List<Leaf>> _fields = new(StringComparer.Ordinal);
    private int _nextArrayId;

    private FlatEvent()
    {
    }

    internal bool HasArrays { get; private set; }

    public static FlatEvent Create(JsonElement root)
    {
        var flat = new FlatEvent();
        if (root.ValueKind == JsonValueKind.Object)
        {
            flat.AddObject(root, null, NoArrays);
        }

        return flat;
    }

    /// <summary>Parses <paramref name="json"/>; false when it is not JSON.</summary>
    public static bool TryCreate(string json, out FlatEvent flat)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            flat = Create(doc.RootElement);
            return true;
        }
        catch (JsonException)
        {
            flat = new FlatEvent();
            return false;
        }
    }

    internal List<Leaf>? Get(string path) => _fields.GetValueOrDefault(path);

    private void AddObject(JsonElement obj, string? prefix, ArrayPosition[] arrays)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var path = prefix is null ? property.Name : string.Concat(prefix, ".", property.Name);
            AddValue(property.Value, path, arrays);
        }
    }

    private void AddValue(JsonElement value, string path, ArrayPosition[] arrays)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                AddObject(value, path, arrays);
                break;
            case JsonValueKind.Array:
                var id = _nextArrayId++;
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    // Consistency is about fields inside objects held by different elements; a scalar element is
                    // not inside such an object, so it keeps its parent's positions.
                    if (item.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                    {
                        index++;
                        AddValue(item, path, arrays);
                        continue;
                    }

                    HasArrays = true;
                    var inner = new ArrayPosition[arrays.Length + 1];
                    arrays.CopyTo(inner, 0);
                    inner[^1] = new ArrayPosition(id, index++);
                    AddValue(item, path, inner);
                }

                break;
            case JsonValueKind.String:
                Add(path, new Leaf(LeafKind.String, value.GetString()!, 0, false, arrays));
                break;
            case JsonValueKind.Number:
                var raw = value.GetRawText();
                var hasNumber = ComparableNumber.TryParse(raw, out var number);
                Add(path, new Leaf(LeafKind.Number, raw, number, hasNumber, arrays));
                break;
            case JsonValueKind.True:
                Add(path, new Leaf(LeafKind.True, "true", 0, false, arrays));
                break;
            case JsonValueKind.False:
                Add(path, new Leaf(LeafKind.False, "false", 0, false, arrays));
                break;
            default:
                Add(path, new Leaf(LeafKind.Null, "null", 0, false, arrays));
                break;
        }
    }

    private void Add(string path, Leaf leaf)
    {
        if (!_fields.TryGetValue(path, out var list))
        {
            list = new List<Leaf>(1);
            _fields[path] = list;
        }

        list.Add(leaf);
    }

    internal static bool Consistent(ArrayPosition[] a, ArrayPosition[] b)
    {
        var n = Math.Min(a.Length, b.Length);
        for (var i = 0; i < n; i++)
        {
            if (a[i].ArrayId != b[i].ArrayId)
            {
                return true;
            }

            if (a[i].Index != b[i].Index)
            {
                return false;
            }
        }

        return true;
    }
}
