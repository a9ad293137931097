namespace OrderSaga.Testing;

/// <summary>Locates the repository root from a test's output folder, so tests can reach shared files (package.json, node_modules, cdk.json).</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrderSaga.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OrderSaga.sln not found above {AppContext.BaseDirectory}");
    }
}
