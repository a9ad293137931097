using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using OrderSaga.Contracts;
using Xunit;

namespace OrderSaga.Testing;

/// <summary>
/// Runs dynalite (an in-memory DynamoDB API from npm) as a child process for the lifetime of a test collection.
/// Tables get unique names, so test classes sharing one process stay isolated.
/// </summary>
public sealed class DynaliteFixture : IAsyncLifetime, IDisposable
{
    public const string Region = "us-east-1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan TableActiveTimeout = TimeSpan.FromSeconds(10);

    // Another process can take the free port between probing it and dynalite binding it.
    private const int StartAttempts = 3;

    private readonly StringBuilder output = new();
    private Process? process;
    private AmazonDynamoDBClient? client;

    public IAmazonDynamoDB Client => client ?? throw new InvalidOperationException("DynaliteFixture is not started.");

    public Uri Endpoint { get; private set; } = new("http://127.0.0.1");

    public async Task InitializeAsync()
    {
        var cli = RepositoryPaths.Combine("node_modules", "dynalite", "cli.js");
        if (!File.Exists(cli))
        {
            throw new InvalidOperationException(
                $"dynalite is not installed ({cli} is missing): run `npm ci` in {RepositoryPaths.Root} first.");
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FindFreePort();
            try
            {
                await StartAsync(cli, port);
                break;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && process is { HasExited: true })
            {
                process.Dispose();
                process = null;
            }
        }

        client = new AmazonDynamoDBClient(
            new BasicAWSCredentials("local", "local"),
            new AmazonDynamoDBConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = Region });
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        client?.Dispose();
        client = null;
        if (process is not null)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
            process = null;
        }
    }

    public Task<string> CreateOrdersTableAsync() =>
        CreateTableAsync("orders", TableAttributes.Orders.OrderId);

    public Task<string> CreateInventoryTableAsync() =>
        CreateTableAsync("inventory", TableAttributes.Inventory.Sku);

    public Task<string> CreatePaymentsTableAsync() =>
        CreateTableAsync("payments", TableAttributes.Payments.OrderId);

    public Task<string> CreateNotificationsTableAsync() =>
        CreateTableAsync("notifications", TableAttributes.Notifications.OrderId, TableAttributes.Notifications.Kind);

    /// <summary>Creates a table with string keys and a unique name starting with <paramref name="prefix"/>; returns once it is ACTIVE.</summary>
    public async Task<string> CreateTableAsync(string prefix, string hashKey, string? rangeKey = null)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new AttributeDefinition(hashKey, ScalarAttributeType.S)],
            KeySchema = [new KeySchemaElement(hashKey, KeyType.HASH)],
        };
        if (rangeKey is not null)
        {
            request.AttributeDefinitions.Add(new AttributeDefinition(rangeKey, ScalarAttributeType.S));
            request.KeySchema.Add(new KeySchemaElement(rangeKey, KeyType.RANGE));
        }

        await Client.CreateTableAsync(request);

        // Even with --createTableMs 0 dynalite flips CREATING to ACTIVE on a timer.
        using var timeout = new CancellationTokenSource(TableActiveTimeout);
        while ((await Client.DescribeTableAsync(name, timeout.Token)).Table.TableStatus != TableStatus.ACTIVE)
        {
            await Task.Yield();
        }

        return name;
    }

    /// <summary>Every item of a table, following pagination.</summary>
    public async Task<IReadOnlyList<Dictionary<string, AttributeValue>>> ScanAllAsync(string tableName)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await Client.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start, ConsistentRead = true });
            items.AddRange(page.Items ?? []);
            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return items;
    }

    private async Task StartAsync(string cli, int port)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (var argument in new[]
                 {
                     cli, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process = started;
        started.OutputDataReceived += (_, e) =>
        {
            Append(e.Data);
            if (e.Data?.Contains("listening at", StringComparison.OrdinalIgnoreCase) == true)
            {
                listening.TrySetResult();
            }
        };
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"dynalite exited with code {started.ExitCode} before listening on port {port}:\n{Output()}"));

        try
        {
            started.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start `node` (is Node.js 20+ on PATH?) to run dynalite.", ex);
        }

        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException ex)
        {
            started.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"dynalite did not report listening within {StartTimeout.TotalSeconds} s:\n{Output()}", ex);
        }

        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
