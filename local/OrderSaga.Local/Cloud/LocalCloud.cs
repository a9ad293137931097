using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OrderSaga.Contracts;
using OrderSaga.Local.Chaos;
using OrderSaga.Local.DynamoDb;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.Storage;
using OrderSaga.Local.Templates;
using OrderSaga.Local.WebConsole;

namespace OrderSaga.Local.Cloud;

/// <summary>
/// The synthesized stack running on this machine: dynalite for DynamoDB, the Lambda host, the Step Functions and
/// EventBridge engines and the local SQS, behind one AWS-compatible endpoint on 127.0.0.1.
/// </summary>
internal sealed class LocalCloud : IAsyncDisposable
{
    private readonly List<Func<ValueTask>> cleanup = [];
    /// <summary>State names the console marks as compensations; it also finds compensation paths from the graph by itself.</summary>
    private static readonly string[] CompensationStates =
    [
        SagaStates.RefundPayment, SagaStates.ReleaseInventory, SagaStates.CancelOrder, SagaStates.NotifyCancellation,
        SagaStates.PublishOrderCancelled, SagaStates.OrderCancelled, SagaStates.PublishCompensationFailed, SagaStates.CompensationFailed,
    ];

    private WebApplication? app;

    private readonly StoredState? restored;

    private LocalCloud(LocalCloudOptions options, TimeProvider time, Uri endpoint, LocalStore? store, StoredState? restored)
    {
        Options = options;
        Time = time;
        Endpoint = endpoint;
        Store = store;
        this.restored = restored;
        if (store is not null)
        {
            // Last to go: the engines stopped before it can still hand it their final changes.
            cleanup.Add(() =>
            {
                store.Dispose();
                return ValueTask.CompletedTask;
            });
        }
    }

    public LocalCloudOptions Options { get; }

    public TimeProvider Time { get; }

    public Uri Endpoint { get; }

    /// <summary>The data directory's database (<c>--data-dir</c>); null when everything is kept in memory.</summary>
    public LocalStore? Store { get; }

    public StackModel Stack { get; private set; } = null!;

    public SqsService Sqs { get; private set; } = null!;

    public StateMachineRegistry StepFunctions { get; private set; } = null!;

    public EventBridgeService EventBridge { get; private set; } = null!;

    public LambdaHost Lambda { get; private set; } = null!;

    public DynamoDbJsonClient DynamoDb { get; private set; } = null!;

    public FaultPlan LambdaFaults { get; } = new();

    public DynamoDbFaultPlan DynamoDbFaults { get; } = new();

    public StateFaultPlan StateFaults { get; } = new();

    /// <summary>Random faults in the Task states' calls (<c>up --chaos-rate</c>, <c>/_local/chaos</c>); off unless configured.</summary>
    public ChaosInjector Chaos { get; } = new();

    private HostLambdaInvoker BackgroundLambda { get; set; } = null!;

    public static async Task<LocalCloud> StartAsync(LocalCloudOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        if (options.SynthesizeIfStale && Synthesizer.IsStale(options.RepositoryRoot, options.CloudAssembly))
        {
            await Synthesizer.SynthesizeAsync(options.RepositoryRoot, options.CloudAssembly, log, cancellationToken);
        }

        var port = options.Port == 0 ? FreePort() : options.Port;
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        LocalStore? store = null;
        StoredState? restored = null;
        if (options.DataDirectory is { } dataDirectory)
        {
            try
            {
                store = LocalStore.Open(dataDirectory);
                restored = store.Load();
            }
            catch (LocalStoreException ex)
            {
                store?.Dispose();
                throw new LocalCloudException(ex.Message, ex);
            }
        }

        // A virtual clock never starts before what was recorded: histories and queues must not see time run backwards.
        var start = restored?.LatestTimestamp is { } latest && latest > DateTimeOffset.UtcNow ? latest : DateTimeOffset.UtcNow;
        TimeProvider time = options.VirtualClock ? new VirtualTimeProvider(start) : TimeProvider.System;
        var cloud = new LocalCloud(options, time, endpoint, store, restored);
        try
        {
            await cloud.DeployAsync(log, cancellationToken);
            return cloud;
        }
        catch
        {
            await cloud.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until no event is being delivered, no Lambda invocation is in flight and every execution has ended.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            await EventBridge.WhenIdleAsync(cancellationToken);
            await BackgroundLambda.WhenIdleAsync().WaitAsync(cancellationToken);
            var running = StepFunctions.AllExecutions.Where(e => e.Status == ExecutionStatus.Running).Select(e => e.Completion).ToList();
            if (running.Count == 0)
            {
                await EventBridge.WhenIdleAsync(cancellationToken);
                if (StepFunctions.AllExecutions.All(e => e.Status != ExecutionStatus.Running))
                {
                    return;
                }

                continue;
            }

            await Task.WhenAll(running).WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The database is closed before anything stops: what the engines do while being torn down (a task failing
        // because its function's worker was stopped, a compensation that follows) must not be recorded as if it had
        // happened. The next start resumes from where things stood, as after a kill.
        Store?.Dispose();

        // Workers first: their open Runtime API requests would otherwise hold the web host's shutdown.
        if (Lambda is not null)
        {
            await Lambda.DisposeAsync();
        }

        for (var i = cleanup.Count - 1; i >= 0; i--)
        {
            try
            {
                await cleanup[i]();
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // Shutting down: one part failing to stop must not keep the others running.
            }
        }

        cleanup.Clear();
    }

    private async Task DeployAsync(TextWriter log, CancellationToken cancellationToken)
    {
        var options = Options;
        Stack = CloudAssembly.LoadStack(options.CloudAssembly, new TemplateLoadOptions
        {
            Region = options.Region,
            AccountId = options.AccountId,
            QueueUrlBase = Endpoint.ToString().TrimEnd('/'),
            AssetRoot = options.CloudAssembly,
        });
        log.WriteLine($"Loaded stack {Stack.StackName} from {options.CloudAssembly}");

        var dynalite = await DynaliteServer.StartAsync(
            DynaliteOptions.ForRepository(options.RepositoryRoot, options.DataDirectory is null ? null : Path.Combine(options.DataDirectory, "dynamodb")),
            cancellationToken);
        cleanup.Add(dynalite.DisposeAsync);
        DynamoDb = new DynamoDbJsonClient(dynalite.Endpoint);
        cleanup.Add(() =>
        {
            DynamoDb.Dispose();
            return ValueTask.CompletedTask;
        });
        var createdTables = await DynamoDb.CreateTablesAsync(Stack.Tables, cancellationToken);
        foreach (var table in Stack.Tables)
        {
            log.WriteLine($"  DynamoDB table   {table.Name}{(createdTables.Contains(table.Name) ? string.Empty : " (kept from the data directory)")}");
        }

        // With a data directory, the database remembers that the tables were seeded: a restart must never put the seed's
        // stock back over what orders have taken since (nor skip the seed when a first start died before it).
        var seed = Store is null ? createdTables.Count > 0 : restored?.Seeded != true;
        if (seed && File.Exists(options.Seeds))
        {
            var seeded = await DynamoDbSeeder.SeedAsync(DynamoDb, await File.ReadAllTextAsync(options.Seeds, cancellationToken), Stack.Tables, options.Seeds, cancellationToken);
            foreach (var (table, count) in seeded)
            {
                log.WriteLine($"  seeded           {table}: {count} items from {options.Seeds}");
            }
        }

        if (seed && Store is not null)
        {
            await Store.MarkSeededAsync();
        }

        Sqs = new SqsService(Time, options.Region, options.AccountId, () => Endpoint.ToString(), Store);
        foreach (var queue in Stack.Queues.OrderBy(q => q.RedrivePolicy is null ? 0 : 1))
        {
            var attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = queue.VisibilityTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["MessageRetentionPeriod"] = queue.MessageRetentionPeriodSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            if (queue.RedrivePolicy is { } redrive)
            {
                attributes["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{redrive.DeadLetterTargetArn}\",\"maxReceiveCount\":{redrive.MaxReceiveCount}}}";
            }

            Sqs.CreateQueue(queue.Name, attributes);
            log.WriteLine($"  SQS queue        {queue.Name}");
        }

        foreach (var messages in (restored?.Messages ?? []).GroupBy(m => m.Queue, StringComparer.Ordinal))
        {
            if (Sqs.TryGet(messages.Key, out var queue))
            {
                queue.Restore(messages.Select(m => m.Message));
                log.WriteLine($"  restored         {queue.Name}: {messages.Count()} message(s)");
            }
            else
            {
                log.WriteLine($"  note: {messages.Count()} message(s) of the queue {messages.Key}, which the template no longer has, stay in {Store!.Path} only");
            }
        }

        Lambda = new LambdaHost(
            new LambdaHostOptions { Region = options.Region, EndpointUrl = Endpoint.ToString().TrimEnd('/'), TimeProvider = TimeProvider.System },
            LambdaFaults);
        cleanup.Add(Lambda.DisposeAsync);
        foreach (var function in Stack.Functions)
        {
            Lambda.Deploy(LambdaFunctionConfiguration.From(function));
            log.WriteLine($"  Lambda function  {function.Name} ({function.Handler})");
        }

        Chaos.Configure(options.Chaos);
        BackgroundLambda = new HostLambdaInvoker(Lambda);
        var publisher = new ApiEventPublisher();
        var services = new ExecutionServices
        {
            TaskInvoker = new ChaosTaskInvoker(new CloudTaskInvoker(Lambda, DynamoDb, publisher, DynamoDbFaults, StateFaults, LambdaFaults, Time), Chaos, Lambda),
            Time = Time,
            RandomSeed = options.Seed,
            Region = options.Region,
            AccountId = options.AccountId,
            OnEvent = Store is null ? null : Store.OnEvent,
            OnCheckpoint = Store is null ? null : Store.OnCheckpoint,
        };
        StepFunctions = new StateMachineRegistry(services, options.Region, options.AccountId);
        foreach (var machine in Stack.StateMachines)
        {
            StepFunctions.Deploy(
                machine.Name,
                machine.Definition,
                string.Equals(machine.Type, "EXPRESS", StringComparison.OrdinalIgnoreCase) ? StateMachineType.Express : StateMachineType.Standard,
                machine.RoleArn ?? $"arn:aws:iam::{options.AccountId}:role/{machine.Name}-role",
                machine.Logging?.Level ?? "OFF",
                machine.TracingEnabled);
            log.WriteLine($"  state machine    {machine.Name}");
        }

        EventBridge = new EventBridgeService(
            Time,
            options.Region,
            options.AccountId,
            Sqs,
            new LogGroupStore(Time, options.Region, options.AccountId) { Journal = Store },
            StepFunctions,
            BackgroundLambda,
            new EventBridgeOptions { RandomSeed = options.Seed })
        {
            Journal = Store,
        };
        cleanup.Add(() =>
        {
            EventBridge.Dispose();
            return ValueTask.CompletedTask;
        });
        var eventBridgeApi = new EventBridgeApi(EventBridge);
        publisher.Api = eventBridgeApi;
        foreach (var note in EventBridgeTemplateDeployer.Deploy(EventBridge, Stack))
        {
            log.WriteLine($"  note: {note}");
        }

        foreach (var bus in Stack.EventBuses)
        {
            log.WriteLine($"  event bus        {bus.Name}");
        }

        foreach (var rule in Stack.Rules)
        {
            log.WriteLine($"  rule             {rule.Name} → {string.Join(", ", rule.Targets.Select(t => t.Arn[(t.Arn.LastIndexOf(':') + 1)..]))}");
        }

        foreach (var ignored in Stack.Ignored.GroupBy(i => (i.Type, i.Reason)))
        {
            log.WriteLine($"  ignored          {ignored.Count()} × {ignored.Key.Type}: {ignored.Key.Reason}");
        }

        RestoreRecords(log);
        var resuming = RestoreExecutions(log, running: false);
        await StartEndpointAsync(new DynamoDbProxy(new HttpClient(), dynalite.Endpoint), eventBridgeApi, cancellationToken);
        if (restored is not null)
        {
            // Running executions and deliveries under way go on only now: their Lambda calls need the Runtime API served.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            RestoreExecutions(log, running: true);
            var redelivered = EventBridge.Redeliver(restored.Deliveries);
            log.WriteLine($"Restored from {Store!.Path}: {restored.Executions.Count} execution(s), {resuming} resumed from their last checkpoint; "
                + $"{redelivered} delivery(ies) under way made again; {restored.Messages.Count} queue message(s), {restored.ArchivedEvents.Count} archived event(s), "
                + $"{restored.LogEvents.Count} log event(s) ({clock.ElapsedMilliseconds} ms to resume)");
        }

        log.WriteLine($"Local cloud ready on {Endpoint} (clock: {(options.VirtualClock ? "virtual" : "real")})");
    }

    /// <summary>The archive's and the log groups' events a data directory kept, under the archives and groups deployed again.</summary>
    private void RestoreRecords(TextWriter log)
    {
        if (restored is null)
        {
            return;
        }

        foreach (var (name, archived) in restored.ArchivedEvents)
        {
            if (EventBridge.Archives.FirstOrDefault(a => a.Name == name) is { } archive)
            {
                archive.Add(archived);
            }
        }

        foreach (var events in restored.LogEvents.GroupBy(e => e.Group, StringComparer.Ordinal))
        {
            if (EventBridge.Logs.TryGet(events.Key, out var group))
            {
                group.AddRange(events.Select(e => e.Event));
            }
            else
            {
                log.WriteLine($"  note: {events.Count()} event(s) of the log group {events.Key}, which the template no longer has, stay in {Store!.Path} only");
            }
        }
    }

    /// <summary>Restores the ended executions (<paramref name="running"/> false) or resumes the running ones; returns how many are running.</summary>
    private int RestoreExecutions(TextWriter log, bool running)
    {
        var count = 0;
        foreach (var snapshot in restored?.Executions ?? [])
        {
            if ((snapshot.Status == ExecutionStatus.Running) != running)
            {
                count += snapshot.Status == ExecutionStatus.Running ? 1 : 0;
                continue;
            }

            if (StepFunctions.Restore(snapshot) is null)
            {
                log.WriteLine($"  note: execution {snapshot.Arn} belongs to the state machine {snapshot.StateMachineArn}, which the template no longer has; it stays in {Store!.Path} only");
            }
        }

        return count;
    }

    private async Task StartEndpointAsync(DynamoDbProxy dynamoDbProxy, EventBridgeApi eventBridgeApi, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, Endpoint.Port);
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        var web = builder.Build();
        web.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug must not look like an empty 500: say what failed, on the console and to the caller.
                await Console.Error.WriteLineAsync($"{context.Request.Method} {context.Request.Path}: {ex}");
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = 500;
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(new JsonObject { ["__type"] = "InternalFailure", ["message"] = ex.Message }.ToJsonString());
                }
            }
        });
        web.UseRouting();
        var router = new AwsRequestRouter([new StepFunctionsApi(StepFunctions), eventBridgeApi], new SqsApi(Sqs), context => ForwardDynamoDbAsync(context, dynamoDbProxy), Store is null ? null : Store.FlushAsync);
        web.MapGet("/health", () => Results.Json(new JsonObject { ["status"] = "ok", ["stack"] = Stack.StackName }));
        web.MapPost("/", router.HandleAsync);
        web.MapPost("/{account}/{queue}", router.HandleAsync);
        web.MapLambdaRuntimeApi(Lambda);
        Lambda.AttachRuntimeApi($"127.0.0.1:{Endpoint.Port}{RuntimeApiEndpoints.DefaultPrefix}");
        web.MapLambdaApi(Lambda, BackgroundLambda);
        web.MapFaults(LambdaFaults, DynamoDbFaults, StateFaults);
        web.MapChaos(Chaos);
        web.MapConsole(new ConsoleOptions { CompensationStates = CompensationStates });
        try
        {
            await web.StartAsync(cancellationToken);
        }
        catch (IOException ex)
        {
            throw new LocalCloudException($"Cannot listen on {Endpoint}: {ex.Message}. Is another local cloud running? Use --port to pick another port.", ex);
        }

        app = web;
        cleanup.Add(async () =>
        {
            await web.StopAsync();
            await web.DisposeAsync();
        });
    }

    /// <summary>DynamoDB calls from the AWS CLI and the Lambda functions, with injected throttling applied first.</summary>
    private async Task ForwardDynamoDbAsync(HttpContext context, DynamoDbProxy proxy)
    {
        context.Request.EnableBuffering();
        string? table = null;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            table = body?["TableName"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["TableName"]!.GetValue<string>() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            // dynalite answers malformed bodies itself, with DynamoDB's error.
        }

        context.Request.Body.Position = 0;
        if (table is not null && DynamoDbFaults.TakeFault(table, context.Request.Headers["X-Amz-Target"].ToString()) is { } fault)
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/x-amz-json-1.0";
            await context.Response.WriteAsync(new JsonObject
            {
                ["__type"] = $"com.amazonaws.dynamodb.v20120810#{fault}",
                ["message"] = $"Injected fault on table {table}: {fault}",
            }.ToJsonString(), context.RequestAborted);
            return;
        }

        await proxy.ForwardAsync(context);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
