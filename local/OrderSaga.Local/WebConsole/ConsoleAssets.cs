using System.Reflection;
using System.Security.Cryptography;

namespace OrderSaga.Local.WebConsole;

/// <summary>
/// The console's files, embedded in this assembly (see the project file) so the page is served from any working
/// directory and works offline: nothing is fetched from elsewhere.
/// </summary>
internal static class ConsoleAssets
{
    /// <summary>The logical-name prefix the project file gives every file under <c>WebConsole/wwwroot</c>.</summary>
    public const string ResourcePrefix = "ordersaga-console/";

    public static IReadOnlyDictionary<string, ConsoleAsset> Load(Assembly assembly)
    {
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames())
        {
            // MSBuild's RecursiveDir uses the build machine's separator.
            var normalized = name.Replace('\\', '/');
            if (!normalized.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var content = buffer.ToArray();
            var path = normalized[ResourcePrefix.Length..];
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"";
            assets[path] = new ConsoleAsset(path, content, ContentTypeOf(path), etag);
        }

        return assets;
    }

    private static string ContentTypeOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".json" => "application/json; charset=utf-8",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
