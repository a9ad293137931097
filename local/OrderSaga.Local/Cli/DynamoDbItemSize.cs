using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.Cli;

/// <summary>
/// An item's size as DynamoDB meters it (Developer Guide, "Item sizes and formats"): attribute names plus values;
/// strings and binaries by their bytes, numbers about one byte per two significant digits plus one, Boolean and null one
/// byte, lists and maps 3 bytes plus one per element. Works on DynamoDB JSON (<c>{"name":{"S":"..."}}</c>).
/// </summary>
internal static class DynamoDbItemSize
{
    public static int Of(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        var size = 0;
        foreach (var attribute in item.EnumerateObject())
        {
            size += Encoding.UTF8.GetByteCount(attribute.Name) + Value(attribute.Value);
        }

        return size;
    }

    private static int Value(JsonElement typed)
    {
        if (typed.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        foreach (var member in typed.EnumerateObject())
        {
            var v = member.Value;
            return member.Name switch
            {
                "S" => Encoding.UTF8.GetByteCount(v.GetString() ?? string.Empty),
                "N" => Number(v.GetString() ?? "0"),
                "B" => Base64Length(v.GetString()),
                "BOOL" or "NULL" => 1,
                "SS" => v.EnumerateArray().Sum(s => Encoding.UTF8.GetByteCount(s.GetString() ?? string.Empty)),
                "NS" => v.EnumerateArray().Sum(s => Number(s.GetString() ?? "0")),
                "BS" => v.EnumerateArray().Sum(s => Base64Length(s.GetString())),
                "L" => 3 + v.EnumerateArray().Sum(e => Value(e) + 1),
                "M" => 3 + v.EnumerateObject().Sum(p => Encoding.UTF8.GetByteCount(p.Name) + Value(p.Value) + 1),
                _ => 0,
            };
        }

        return 0;
    }

    private static int Number(string text)
    {
        var digits = text.Count(char.IsAsciiDigit);
        return ((digits + 1) / 2) + 1;
    }

    private static int Base64Length(string? text) => text is null ? 0 : text.Length / 4 * 3 - (text.EndsWith("==", StringComparison.Ordinal) ? 2 : text.EndsWith('=') ? 1 : 0);
}
