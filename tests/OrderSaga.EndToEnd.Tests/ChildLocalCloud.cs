using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderSaga.Testing;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// The built local cloud run as users run it, <c>OrderSaga.Local up --data-dir DIR</c>, in a child process that a test
/// can kill (SIGKILL) and start again on the same data directory. Spoken to only through its AWS-compatible endpoint.
/// </summary>
internal sealed class ChildLocalCloud : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly HttpClient http;
    private TaskCompletionSource lineAppended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildLocalCloud(Process process, int port)
    {
        this.process = process;
        Port = port;
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public int Port { get; }

    /// <summary>What the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>up</c> on the real clock and returns once <c>/health</c> answers.</summary>
    public static async Task<ChildLocalCloud> StartAsync(string dataDirectory, int port)
    {
        // The same build of the local cloud this test project references, run the way `dotnet run` would run it.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var program = RepositoryPaths.Combine("local", "OrderSaga.Local", "bin", configuration, "net10.0", "OrderSaga.Local.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { program, "up", "--data-dir", dataDirectory, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "1" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        var cloud = new ChildLocalCloud(process, port);
        process.OutputDataReceived += (_, e) => cloud.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cloud.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                throw new InvalidOperationException($"up exited with code {process.ExitCode}:{Environment.NewLine}{cloud.Output}");
            }

            try
            {
                using var response = await cloud.http.GetAsync(new Uri("health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return cloud;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                await cloud.DisposeAsync();
                throw new TimeoutException($"up did not answer /health within {StartTimeout}:{Environment.NewLine}{cloud.Output}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>SIGKILL, as a crash would: the process gets no chance to write anything more.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();
    }

    /// <summary>An AWS JSON-protocol call (EventBridge, Step Functions, SQS, DynamoDB); fails the test on an error answer.</summary>
    public async Task<JsonObject> CallAsync(string target, JsonObject body, string contentType = "application/x-amz-json-1.0")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", "20260101T000000Z");
        request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{target} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public async Task<JsonObject> GetAsync(string path)
    {
        var text = await http.GetStringAsync(new Uri(path, UriKind.Relative));
        return JsonNode.Parse(text)!.AsObject();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        process.Dispose();
        http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        TaskCompletionSource appended;
        lock (output)
        {
            output.AppendLine(line);
            appended = lineAppended;
            lineAppended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        appended.TrySetResult();
    }

    /// <summary>
    /// Waits until what the process printed matches <paramref name="pattern"/>: a line printed just after /health
    /// answers (the restore summary, once the endpoint is up) may not be there yet when the start returns.
    /// </summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            Task next;
            lock (output)
            {
                var match = pattern.Match(output.ToString());
                if (match.Success)
                {
                    return match;
                }

                next = lineAppended.Task;
            }

            try
            {
                await next.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                return pattern.Match(Output);
            }
        }
    }
}
