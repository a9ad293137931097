using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.DynamoDb;

/// <summary>
/// Loads items from a seed file: a JSON object whose keys name tables (physical name, logical id, or a unique
/// prefix of a logical id such as <c>InventoryTable</c>) and whose values are lists of items in plain JSON.
/// </summary>
internal static class DynamoDbSeeder
{
    /// <summary>Validates the whole file first (so nothing is written if any item is bad), then puts every item; returns the count per table.</summary>
    public static async Task<IReadOnlyDictionary<string, int>> SeedAsync(
        DynamoDbJsonClient client, string seedJson, IReadOnlyList<TableResource> tables, string source, CancellationToken cancellationToken)
    {
        var batches = Parse(seedJson, tables, source);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (table, items) in batches)
        {
            foreach (var item in items)
            {
                await client.PutItemAsync(table.Name, item, cancellationToken);
            }

            counts[table.Name] = counts.GetValueOrDefault(table.Name) + items.Count;
        }

        return counts;
    }

    public static IReadOnlyList<(TableResource Table, IReadOnlyList<JsonObject> Items)> Parse(string seedJson, IReadOnlyList<TableResource> tables, string source)
    {
        var errors = new List<string>();
        JsonObject root;
        try
        {
            root = JsonNode.Parse(seedJson) as JsonObject ?? throw new JsonException("the seed file must be a JSON object of table name → list of items");
        }
        catch (JsonException ex)
        {
            throw new DynamoDbSeedException(source, [$"$: invalid JSON: {ex.Message}"]);
        }

        var result = new List<(TableResource, IReadOnlyList<JsonObject>)>();
        foreach (var (key, value) in root)
        {
            var path = $"$.{key}";
            var table = FindTable(key, tables, path, errors);
            if (value is not JsonArray list)
            {
                errors.Add($"{path}: expected a list of items");
                continue;
            }

            var items = new List<JsonObject>();
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] is not JsonObject plain)
                {
                    errors.Add($"{path}[{i}]: an item must be a JSON object");
                    continue;
                }

                foreach (var missing in table?.KeySchema.Where(k => plain[k.AttributeName] is null) ?? [])
                {
                    errors.Add($"{path}[{i}]: missing key attribute '{missing.AttributeName}' of table {table!.Name}");
                }

                items.Add(DynamoDbJson.ItemFromPlain(plain, $"{path}[{i}]", errors));
            }

            if (table is not null)
            {
                result.Add((table, items));
            }
        }

        if (errors.Count > 0)
        {
            throw new DynamoDbSeedException(source, errors);
        }

        return result;
    }

    private static TableResource? FindTable(string key, IReadOnlyList<TableResource> tables, string path, List<string> errors)
    {
        var exact = tables.FirstOrDefault(t => t.Name == key || t.LogicalId == key);
        if (exact is not null)
        {
            return exact;
        }

        var byPrefix = tables.Where(t => t.LogicalId.StartsWith(key, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byPrefix.Count == 1)
        {
            return byPrefix[0];
        }

        var known = string.Join(", ", tables.Select(t => $"{t.LogicalId} ({t.Name})"));
        errors.Add(byPrefix.Count == 0
            ? $"{path}: no table is named '{key}'; the stack's tables are {known}"
            : $"{path}: '{key}' matches several tables ({string.Join(", ", byPrefix.Select(t => t.LogicalId))}); use the full logical id");
        return null;
    }
}
