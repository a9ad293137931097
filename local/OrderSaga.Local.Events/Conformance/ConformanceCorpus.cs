using System.Text.Json;

namespace OrderSaga.Local.Events.Conformance;

/// <summary>Reads a corpus file (one JSON case per line) and the exclusion list shipped with the engine.</summary>
public static class ConformanceCorpus
{
    private const string ExclusionsResource = "OrderSaga.Local.Events.Conformance.exclusions.json";

    public static IReadOnlyList<ConformanceCase> Load(string path)
    {
        var file = Path.GetFileName(path);
        var cases = new List<ConformanceCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement data;
            try
            {
                using var doc = JsonDocument.Parse(WithoutNonFiniteNumbers(line));
                data = doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: not a JSON object ({e.Message})", e);
            }

            if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: a case needs a string \"id\"");
            }

            var kind = data.TryGetProperty("request", out _) ? CaseKind.Validation
                : data.TryGetProperty("inputTemplate", out _) || data.TryGetProperty("expectedDelivered", out _) ? CaseKind.Transformer
                : CaseKind.Pattern;
            var source = data.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "unknown";
            var features = data.TryGetProperty("features", out var f) && f.ValueKind == JsonValueKind.Array
                ? f.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray()
                : [];
            cases.Add(new ConformanceCase(id.GetString()!, source, kind, file, features, data));
        }

        return cases;
    }

    // The corpus was written by Python, which spells non-finite numbers Infinity / NaN outside strings; those
    // appear only in parsed copies of patterns whose exact text is kept elsewhere, so they become null here.
    private static string WithoutNonFiniteNumbers(string line)
    {
        if (!line.Contains("Infinity", StringComparison.Ordinal) && !line.Contains("NaN", StringComparison.Ordinal))
        {
            return line;
        }

        var sb = new System.Text.StringBuilder(line.Length);
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (inString)
            {
                sb.Append(c);
                if (c == '\\' && i + 1 < line.Length)
                {
                    sb.Append(line[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
                sb.Append(c);
                continue;
            }

            var rest = line.AsSpan(i);
            var token = rest.StartsWith("-Infinity") ? 9 : rest.StartsWith("Infinity") ? 8 : rest.StartsWith("NaN") ? 3 : 0;
            if (token > 0)
            {
                sb.Append("null");
                i += token - 1;
                continue;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>The exclusions embedded in this assembly (Conformance/exclusions.json), by case id.</summary>
    public static IReadOnlyDictionary<string, Exclusion> LoadExclusions()
    {
        using var stream = typeof(ConformanceCorpus).Assembly.GetManifestResourceStream(ExclusionsResource)
            ?? throw new InvalidOperationException($"missing embedded resource {ExclusionsResource}");
        using var doc = JsonDocument.Parse(stream);
        var result = new Dictionary<string, Exclusion>(StringComparer.Ordinal);
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var id = item.GetProperty("id").GetString()!;
            result[id] = new Exclusion(id, item.GetProperty("reason").GetString()!, item.GetProperty("temporary").GetBoolean());
        }

        return result;
    }
}
