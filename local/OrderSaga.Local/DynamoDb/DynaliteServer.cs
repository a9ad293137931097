using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OrderSaga.Local.DynamoDb;

/// <summary>dynalite (DynamoDB on Node) as a child process on a loopback port; disposing it stops the process.</summary>
internal sealed class DynaliteServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output;

    private DynaliteServer(Process process, int port, StringBuilder output)
    {
        _process = process;
        _output = output;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts dynalite and returns once it answers DynamoDB requests.</summary>
    public static async Task<DynaliteServer> StartAsync(DynaliteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deadline = DateTimeOffset.UtcNow + options.StartTimeout;
        while (true)
        {
            try
            {
                return await StartOnceAsync(options, cancellationToken);
            }
            catch (DynamoDbException ex) when (options.DataDirectory is not null && IsLocked(ex))
            {
                // The dynalite of a local cloud that was killed holds the LevelDB lock until its watchdog sees its parent
                // gone (half a second); the data must not be opened by two at once, so wait for it to let go.
                if (DateTimeOffset.UtcNow >= deadline)
                {
                    throw new DynamoDbException("DynaliteNotStarted",
                        $"the DynamoDB data in {options.DataDirectory} stays locked by another process (another local cloud on the same --data-dir?)", ex);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    private static bool IsLocked(DynamoDbException ex) =>
        ex.Message.Contains("LEVEL_DATABASE_NOT_OPEN", StringComparison.Ordinal) || ex.Message.Contains("LOCK", StringComparison.Ordinal);

    private static async Task<DynaliteServer> StartOnceAsync(DynaliteOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(options.CliPath))
        {
            throw new DynamoDbException("DynaliteNotFound", $"{options.CliPath} does not exist; run 'npm ci' in the repository root");
        }

        var port = options.Port == 0 ? FreePort() : options.Port;
        var start = new ProcessStartInfo(options.NodePath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var watchdog = Path.Combine(AppContext.BaseDirectory, "DynamoDb", "parent-watchdog.js");
        if (File.Exists(watchdog))
        {
            start.ArgumentList.Add("--require");
            start.ArgumentList.Add(watchdog);
        }

        foreach (var argument in new[] { options.CliPath, "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0" })
        {
            start.ArgumentList.Add(argument);
        }

        if (options.DataDirectory is { } data)
        {
            Directory.CreateDirectory(data);
            start.ArgumentList.Add("--path");
            start.ArgumentList.Add(data);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new DynamoDbException("DynaliteNotStarted", $"cannot run '{options.NodePath}': {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new DynaliteServer(process, port, output);
        try
        {
            await server.WaitUntilReadyAsync(options.StartTimeout, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new DynamoDbJsonClient(Endpoint);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            if (_process.HasExited)
            {
                // Its last words (why it exited) arrive on the output streams after the exit itself.
                await _process.WaitForExitAsync(CancellationToken.None);
                throw new DynamoDbException("DynaliteNotStarted", $"dynalite exited with code {_process.ExitCode}: {Output()}");
            }

            try
            {
                await client.ListTablesAsync(limit.Token);
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet: poll until the condition holds or the start timeout passes.
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new DynamoDbException("DynaliteNotStarted", $"dynalite did not answer on {Endpoint} within {timeout.TotalSeconds:F0} s: {Output()}");
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new DynamoDbException("DynaliteNotStarted", $"dynalite did not answer on {Endpoint} within {timeout.TotalSeconds:F0} s: {Output()}");
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 16_384)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
