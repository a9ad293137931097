using System.Diagnostics;

namespace OrderSaga.Local.Cloud;

/// <summary>
/// Runs <c>cdk synth</c> when the cloud assembly is missing or older than the code it was synthesized from, so
/// the local cloud always runs what <c>cdk deploy</c> would deploy now.
/// </summary>
internal static class Synthesizer
{
    private static readonly string[] SourceFolders = ["workflow", "infrastructure", "services"];
    private static readonly string[] SourcePatterns = ["*.cs", "*.csproj", "*.json"];
    private static readonly string[] RootInputs = ["cdk.json", "Directory.Build.props", "Directory.Packages.props"];

    public static bool IsStale(string repositoryRoot, string cloudAssembly)
    {
        var manifest = Path.Combine(cloudAssembly, "manifest.json");
        if (!File.Exists(manifest))
        {
            return true;
        }

        var synthesizedAt = File.GetLastWriteTimeUtc(manifest);
        var inputs = SourceFolders
            .Select(folder => Path.Combine(repositoryRoot, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => SourcePatterns.SelectMany(pattern => Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories)))
            .Where(path => !IsBuildOutput(path))
            .Concat(RootInputs.Select(f => Path.Combine(repositoryRoot, f)).Where(File.Exists));
        return inputs.Any(path => File.GetLastWriteTimeUtc(path) > synthesizedAt);
    }

    public static async Task SynthesizeAsync(string repositoryRoot, string cloudAssembly, TextWriter log, CancellationToken cancellationToken)
    {
        var cdk = Path.Combine(repositoryRoot, "node_modules", "aws-cdk", "bin", "cdk");
        if (!File.Exists(cdk))
        {
            throw new LocalCloudException($"The CDK CLI is not installed ({cdk} is missing): run `npm ci` in {repositoryRoot}.");
        }

        log.WriteLine($"Synthesizing the CDK app into {cloudAssembly} (cdk synth)...");
        var start = new ProcessStartInfo("node", [cdk, "synth", "--quiet", "--output", cloudAssembly])
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CDK_DISABLE_VERSION_CHECK"] = "1";
        using var process = Process.Start(start) ?? throw new LocalCloudException("Could not start node to run cdk synth.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new LocalCloudException($"cdk synth failed with exit code {process.ExitCode}:{Environment.NewLine}{await stdout}{await stderr}");
        }
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
