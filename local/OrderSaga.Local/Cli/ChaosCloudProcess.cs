using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary>
/// The local cloud of a chaos run, as a child process of this same program (<c>dotnet OrderSaga.Local.dll up ...</c>):
/// virtual clock, data kept in a folder, chaos switched on by its flags. It can be SIGKILLed and started again on the
/// same port and data; disposing it kills it, whatever happened before.
/// </summary>
internal sealed class ChaosCloudProcess : IChaosCloud, IAsyncDisposable
{
    private static readonly TimeSpan FirstStartTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan RestartTimeout = TimeSpan.FromMinutes(2);
    private const int TailLines = 30;

    private readonly IReadOnlyList<string> arguments;
    private readonly string workingDirectory;
    private readonly StreamWriter logWriter;
    private readonly Queue<string> tail = new();
    private readonly HttpClient http;
    private Process? process;
    private bool closed;

    private ChaosCloudProcess(Uri endpoint, IReadOnlyList<string> arguments, string workingDirectory, string logPath)
    {
        Endpoint = endpoint;
        this.arguments = arguments;
        this.workingDirectory = workingDirectory;
        LogPath = logPath;
        logWriter = new StreamWriter(logPath, append: true) { AutoFlush = true };
        http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(5) };
    }

    public Uri Endpoint { get; }

    public bool CanRestart => true;

    /// <summary>Where the child's output goes (every life of it, one after the other).</summary>
    public string LogPath { get; }

    public static async Task<ChaosCloudProcess> StartAsync(
        string dataDirectory, int seed, double faultRate, string logPath, string repositoryRoot, TextWriter log, CancellationToken ct)
    {
        var port = FreePort();
        var arguments = new[]
        {
            "up",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--clock", "virtual",
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
            "--data-dir", dataDirectory,
            "--chaos-seed", seed.ToString(CultureInfo.InvariantCulture),
            "--chaos-rate", faultRate.ToString(CultureInfo.InvariantCulture),
            "--exit-with-parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        var cloud = new ChaosCloudProcess(new Uri($"http://127.0.0.1:{port}"), arguments, repositoryRoot, logPath);
        try
        {
            log.WriteLine($"chaos: starting the local cloud: {string.Join(' ', cloud.CommandLine())}");
            await cloud.StartProcessAsync(FirstStartTimeout, ct);
            return cloud;
        }
        catch
        {
            await cloud.DisposeAsync();
            throw;
        }
    }

    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        Kill();
        await StartProcessAsync(RestartTimeout, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        http.Dispose();
        lock (tail)
        {
            // The output readers may still deliver a last line after the kill.
            closed = true;
        }

        await logWriter.DisposeAsync();
    }

    /// <summary>The host and arguments: the dotnet host running this program's own assembly.</summary>
    private IEnumerable<string> CommandLine() => [DotnetHost(), typeof(ChaosCloudProcess).Assembly.Location, .. arguments];

    private async Task StartProcessAsync(TimeSpan timeout, CancellationToken ct)
    {
        var commandLine = CommandLine().ToList();
        var start = new ProcessStartInfo(commandLine[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        Write($"---- {DateTimeOffset.UtcNow:O} starting: {string.Join(' ', commandLine)}");
        var child = new Process { StartInfo = start };
        child.OutputDataReceived += (_, e) => Write(e.Data);
        child.ErrorDataReceived += (_, e) => Write(e.Data);
        if (!child.Start())
        {
            throw new LocalCloudException($"could not start {commandLine[0]}");
        }

        process = child;
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();

        var waited = Stopwatch.StartNew();
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (child.HasExited)
            {
                throw new LocalCloudException($"the local cloud exited with code {child.ExitCode} before it was ready; its last lines ({LogPath}):{Environment.NewLine}{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Busy starting; ask again.
            }

            if (waited.Elapsed > timeout)
            {
                Kill();
                throw new LocalCloudException($"the local cloud was not ready on {Endpoint} within {timeout.TotalSeconds:0} s; its last lines ({LogPath}):{Environment.NewLine}{Tail()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <summary>SIGKILL to the cloud and what it started (dynalite, the Lambda workers): nothing gets to shut down cleanly.</summary>
    private void Kill()
    {
        var child = Interlocked.Exchange(ref process, null);
        if (child is null)
        {
            return;
        }

        try
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }

            child.WaitForExit(10_000);
            Write($"---- {DateTimeOffset.UtcNow:O} killed");
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        finally
        {
            child.Dispose();
        }
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            if (closed)
            {
                return;
            }

            logWriter.WriteLine(line);
            tail.Enqueue(line);
            while (tail.Count > TailLines)
            {
                tail.Dequeue();
            }
        }
    }

    private string Tail()
    {
        lock (tail)
        {
            return string.Join(Environment.NewLine, tail);
        }
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        var fromRoot = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return fromRoot is not null && File.Exists(fromRoot) ? fromRoot : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
