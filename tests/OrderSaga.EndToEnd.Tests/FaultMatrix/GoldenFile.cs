using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Testing;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// One golden file per cell under FaultMatrix/golden. A missing or different file fails the test with a line diff;
/// <c>UPDATE_GOLDEN=1</c> writes it instead, unless <c>SNAPSHOOTER_STRICT_MODE=true</c> (as CI sets), which never writes.
/// </summary>
internal static class GoldenFile
{
    private static readonly JsonSerializerOptions Pretty = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Folder { get; } = RepositoryPaths.Combine("tests", "OrderSaga.EndToEnd.Tests", "FaultMatrix", "golden");

    public static string PathOf(string state, string fault) => Path.Combine(Folder, $"{state}.{fault}.json");

    public static string Render(JsonObject record) => record.ToJsonString(Pretty).ReplaceLineEndings("\n") + "\n";

    public static void Verify(string path, string actual)
    {
        var expected = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : null;
        if (expected == actual)
        {
            return;
        }

        var strict = string.Equals(Environment.GetEnvironmentVariable("SNAPSHOOTER_STRICT_MODE"), "true", StringComparison.OrdinalIgnoreCase);
        var update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";
        if (update && !strict)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        var how = strict
            ? "SNAPSHOOTER_STRICT_MODE=true: golden files are never written here."
            : "If the change is intended, run `UPDATE_GOLDEN=1 dotnet test tests/OrderSaga.EndToEnd.Tests --filter FaultMatrix`, read `git diff`, and commit the golden file.";
        Assert.Fail(expected is null
            ? $"The golden file {path} is missing. {how}\nThis run produced:\n{actual}"
            : $"The cell differs from its golden file {path} (- golden, + this run). {how}\n{Diff(expected, actual)}");
    }

    /// <summary>A line diff (longest common subsequence), showing changed lines with two lines of context.</summary>
    public static string Diff(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var lines = new List<(char Mark, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                lines.Add((' ', a[x++]));
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add(('-', a[x++]));
            }
            else
            {
                lines.Add(('+', b[y++]));
            }
        }

        var output = new StringBuilder();
        var lastShown = -1;
        for (var i = 0; i < lines.Count; i++)
        {
            var near = Enumerable.Range(Math.Max(0, i - 2), Math.Min(lines.Count, i + 3) - Math.Max(0, i - 2)).Any(k => lines[k].Mark != ' ');
            if (!near)
            {
                continue;
            }

            if (lastShown >= 0 && i > lastShown + 1)
            {
                output.Append("  ...\n");
            }

            output.Append(lines[i].Mark).Append(' ').Append(lines[i].Text).Append('\n');
            lastShown = i;
        }

        return output.ToString();
    }
}
