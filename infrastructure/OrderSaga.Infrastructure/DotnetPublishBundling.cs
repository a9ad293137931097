using System.Diagnostics;
using Amazon.CDK;
using Amazon.JSII.Runtime.Deputy;

namespace OrderSaga.Infrastructure;

/// <summary>
/// Builds a Lambda package with <c>dotnet publish</c> on this machine, so <c>cdk synth</c> needs no Docker. CDK calls
/// <see cref="TryBundle"/> through jsii, hence the <see cref="DeputyBase"/> base class.
/// </summary>
public sealed class DotnetPublishBundling(string projectDirectory) : DeputyBase, ILocalBundling
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(10);

    public bool TryBundle(string outputDir, IBundlingOptions options)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "publish", projectDirectory, "-c", "Release", "-o", outputDir, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"could not start 'dotnet publish' for {projectDirectory}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(PublishTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'dotnet publish {projectDirectory}' did not finish within {PublishTimeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'dotnet publish {projectDirectory} -c Release -o {outputDir}' failed with exit code {process.ExitCode}:\n{stdout.Result}{stderr.Result}");
        }

        return true;
    }
}
