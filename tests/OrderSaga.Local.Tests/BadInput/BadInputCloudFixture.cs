using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderSaga.Local.Chaos;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.Tests.EventBridge;

namespace OrderSaga.Local.Tests.BadInput;

/// <summary>
/// The single AWS-compatible port in-process (router over real Step Functions, EventBridge and SQS; Lambda REST and
/// fault routes; no DynamoDB forwarding, no Lambda worker processes), seeded with one of each resource so a test can
/// tell whether hostile input changed anything.
/// </summary>
public sealed class BadInputCloudFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string Account = "000000000000";
    public const string MachineName = "BadInputMachine";
    public const string RuleName = "orders-rule";
    public const string TargetId = "orders-target";
    public const string QueueName = "orders-queue";
    public const string ArchiveName = "orders-archive";
    public const string FunctionName = "bad-input-fn";
    public const string CompletedExecutionName = "completed-1";

    private const string Definition = """
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Result": "prepared", "ResultPath": "$.prepare", "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:charge", "End": true}}}
        """;

    private readonly string assetFolder = Path.Combine(Path.GetTempPath(), $"bad-input-asset-{Guid.NewGuid():N}");
    private WebApplication? app;

    public static string MachineArn => $"arn:aws:states:{Region}:{Account}:stateMachine:{MachineName}";

    public static string CompletedExecutionArn => $"arn:aws:states:{Region}:{Account}:execution:{MachineName}:{CompletedExecutionName}";

    public static string BusArn => $"arn:aws:events:{Region}:{Account}:event-bus/default";

    public static string ArchiveArn => $"arn:aws:events:{Region}:{Account}:archive/{ArchiveName}";

    public string BaseUrl { get; private set; } = string.Empty;

    public string QueueUrl { get; private set; } = string.Empty;

    /// <summary>Exceptions that escaped a handler (each became a 500), oldest first.</summary>
    internal ConcurrentQueue<string> ServerErrors { get; } = new();

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    internal VirtualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private LambdaHost? Lambda { get; set; }

    private EventBridgeService? Events { get; set; }

    internal StateMachineRegistry Registry { get; private set; } = null!;

    internal StepFunctionsApi StepFunctions { get; private set; } = null!;

    internal EventBridgeApi EventBridge { get; private set; } = null!;

    internal SqsService Sqs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Sqs = new SqsService(Time, Region, Account, () => BaseUrl);
        Registry = new StateMachineRegistry(new ExecutionServices { TaskInvoker = new EchoTaskInvoker(), Time = Time, RandomSeed = 7, Region = Region, AccountId = Account }, Region, Account);
        Events = new EventBridgeService(Time, Region, Account, Sqs, new LogGroupStore(Time, Region, Account), Registry, new StubLambdaInvoker(), new EventBridgeOptions { RandomSeed = 7 });
        StepFunctions = new StepFunctionsApi(Registry);
        EventBridge = new EventBridgeApi(Events);

        Directory.CreateDirectory(assetFolder);
        Lambda = new LambdaHost(new LambdaHostOptions
        {
            Region = Region,
            // Nothing here may start a worker: a path that does not exist makes any attempt fail instead of spawning.
            RuntimeAssemblyPath = Path.Combine(assetFolder, "missing-runtime.dll"),
            MaxWorkersPerFunction = 1,
            InitTimeout = TimeSpan.FromSeconds(2),
        });
        Lambda.Deploy(new LambdaFunctionConfiguration(FunctionName, $"arn:aws:lambda:{Region}:{Account}:function:{FunctionName}", "A::B::C", "dotnet8", 3, 128, new Dictionary<string, string>(), assetFolder));

        var router = new AwsRequestRouter([StepFunctions, EventBridge], new SqsApi(Sqs), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024);
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex)
            {
                // Kestrel would answer a bare 500; keep what escaped so a failing case can say why.
                ServerErrors.Enqueue($"{ex.GetType().Name}: {ex.Message} at {ex.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("OrderSaga", StringComparison.Ordinal))?.Trim()}");
                throw;
            }
        });
        app.UseRouting();
        app.MapPost("/", router.HandleAsync);
        app.MapPost("/{account}/{queue}", router.HandleAsync);
        app.MapLambdaApi(Lambda, new HostLambdaInvoker(Lambda));
        app.MapFaults(new FaultPlan(), new DynamoDbFaultPlan(), new StateFaultPlan());
        app.MapChaos(new ChaosInjector());
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        Registry.Deploy(MachineName, Definition, StateMachineType.Standard, $"arn:aws:iam::{Account}:role/{MachineName}");
        await Registry.Start(MachineArn, CompletedExecutionName, """{"order": "ORD-1"}""").Execution.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        QueueUrl = Sqs.CreateQueue(QueueName).Url;
        await CallAsync(EventBridge, "PutRule", new JsonObject { ["Name"] = RuleName, ["EventPattern"] = """{"source":["test.orders"]}""" });
        await CallAsync(EventBridge, "PutTargets", new JsonObject
        {
            ["Rule"] = RuleName,
            ["Targets"] = new JsonArray(new JsonObject { ["Id"] = TargetId, ["Arn"] = $"arn:aws:sqs:{Region}:{Account}:{QueueName}" }),
        });
        await CallAsync(EventBridge, "CreateArchive", new JsonObject { ["ArchiveName"] = ArchiveName, ["EventSourceArn"] = BusArn, ["EventPattern"] = """{"source":["test.orders"]}""" });
        await SendAsync("AmazonSQS.SendMessage", new JsonObject { [nameof(QueueUrl)] = QueueUrl, ["MessageBody"] = "seed message" }.ToJsonString());
    }

    /// <summary>Everything a hostile request could have changed, as one comparable text.</summary>
    internal async Task<string> SnapshotAsync()
    {
        await Events!.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var text = new StringBuilder();
        foreach (var machine in Registry.StateMachines)
        {
            text.AppendLine($"machine {machine.Arn} {machine.Definition.Length}");
        }

        foreach (var execution in Registry.AllExecutions.OrderBy(e => e.Arn, StringComparer.Ordinal))
        {
            text.AppendLine($"execution {execution.Arn} {execution.Status} {execution.RedriveCount} {execution.Error} {execution.History.Count}");
        }

        foreach (var operation in new[] { "ListEventBuses", "ListRules", "ListArchives", "ListReplays" })
        {
            text.AppendLine((await CallAsync(EventBridge, operation, [])).ToJsonString());
        }

        text.AppendLine((await CallAsync(EventBridge, "ListTargetsByRule", new JsonObject { ["Rule"] = RuleName })).ToJsonString());
        foreach (var queue in Sqs.Queues)
        {
            text.AppendLine($"queue {queue.Url} {string.Join(',', queue.GetAttributes().OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"))}");
        }

        return text.ToString();
    }

    /// <summary>Posts a JSON-protocol request; the body is sent byte for byte, so it may be anything.</summary>
    internal Task<HttpResponseMessage> SendAsync(string target, byte[] body, string contentType = "application/x-amz-json-1.0")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        return Http.SendAsync(request);
    }

    internal Task<HttpResponseMessage> SendAsync(string target, string body) => SendAsync(target, Encoding.UTF8.GetBytes(body));

    internal Task<HttpResponseMessage> PostRawAsync(string path, byte[] body, string contentType, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return Http.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            if (Lambda is not null)
            {
                await Lambda.DisposeAsync();
            }

            Events?.Dispose();
        }
        finally
        {
            Http.Dispose();
            Directory.Delete(assetFolder, recursive: true);
        }
    }

    private static async Task<JsonObject> CallAsync(EventBridgeApi service, string operation, JsonObject request)
    {
        using var document = JsonDocument.Parse(request.ToJsonString());
        var response = await service.HandleAsync(operation, document.RootElement, CancellationToken.None);
        return response as JsonObject ?? throw new InvalidOperationException($"{operation} answered {response?.ToJsonString() ?? "nothing"}");
    }

    private sealed class EchoTaskInvoker : ITaskInvoker
    {
        public ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TaskOutcome.Success(request.Payload?.DeepClone() ?? new JsonObject()));
    }
}
