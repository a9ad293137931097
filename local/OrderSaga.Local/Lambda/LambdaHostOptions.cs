using System.Runtime.InteropServices;

namespace OrderSaga.Local.Lambda;

internal sealed record LambdaHostOptions
{
    /// <summary>The worker program (OrderSaga.Local.LambdaRuntime.dll), copied next to the local cloud by its project reference.</summary>
    public string RuntimeAssemblyPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "OrderSaga.Local.LambdaRuntime.dll");

    /// <summary>The dotnet host that runs workers: the one running this process by default.</summary>
    public string DotnetPath { get; init; } = DefaultDotnetPath();

    /// <summary>How many execution environments (processes) one function may have at once; further invocations wait for one.</summary>
    public int MaxWorkersPerFunction { get; init; } = 4;

    /// <summary>How long a new worker may take to ask for its first event; Lambda's init phase limit is 10 seconds.</summary>
    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public string Region { get; init; } = "us-east-1";

    /// <summary>AWS_ENDPOINT_URL for the functions, so their AWS SDK clients talk to the local cloud.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>Clock for deadlines and timeouts; workers are real processes, so this should be a real clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How many lines of each function's output are kept for the console and for diagnostics.</summary>
    public int LogLinesKept { get; init; } = 500;

    private static string DefaultDotnetPath()
    {
        // The runtime directory is <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }
}
