using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>The files a command is given on its command line: where a relative path points, and writing a JSON report.</summary>
internal static class CommandFiles
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// <c>dotnet run</c> starts a web project in its own folder; relative paths mean the folder the command was typed in,
    /// which the shell still holds in PWD.
    /// </summary>
    public static FileInfo FromInvocationDirectory(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var typed = file.ToString();
        var shellDirectory = Environment.GetEnvironmentVariable("PWD");
        return Path.IsPathRooted(typed) || string.IsNullOrEmpty(shellDirectory) || !Directory.Exists(shellDirectory)
            ? file
            : new FileInfo(Path.GetFullPath(Path.Combine(shellDirectory, typed)));
    }

    /// <summary>Writes <paramref name="report"/> as indented JSON to the file the user named (its folder created); nothing when none was named.</summary>
    public static async Task WriteJsonAsync(FileInfo? target, JsonNode report, CancellationToken ct)
    {
        if (target is null)
        {
            return;
        }

        var file = FromInvocationDirectory(target);
        file.Directory?.Create();
        await File.WriteAllTextAsync(file.FullName, report.ToJsonString(Indented), ct);
    }
}
