using System.Reflection;
using System.Runtime.Loader;

namespace OrderSaga.Local.LambdaRuntime;

/// <summary>
/// Loads the function's assemblies from its asset folder. Framework assemblies always come from the running
/// runtime, as on Lambda, so Stream and Task are the same types on both sides of the handler call.
/// </summary>
internal sealed class AssetLoadContext : AssemblyLoadContext
{
    private readonly string _folder;
    private readonly AssemblyDependencyResolver? _resolver;
    private readonly HashSet<string> _frameworkAssemblies;

    public AssetLoadContext(string folder, string mainAssemblyPath)
        : base("lambda-function", isCollectible: false)
    {
        _folder = folder;
        _resolver = File.Exists(Path.ChangeExtension(mainAssemblyPath, ".deps.json")) ? new AssemblyDependencyResolver(mainAssemblyPath) : null;
        var trusted = AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty;
        _frameworkAssemblies = trusted.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || _frameworkAssemblies.Contains(assemblyName.Name))
        {
            return null;
        }

        var path = _resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var candidate = Path.Combine(_folder, assemblyName.Name + ".dll");
            path = File.Exists(candidate) ? candidate : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
