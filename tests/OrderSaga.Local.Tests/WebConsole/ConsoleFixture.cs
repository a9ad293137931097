using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using OrderSaga.Local.DynamoDb;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.WebConsole;
using OrderSaga.Testing;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>
/// A small local cloud for the console's browser tests: the Step Functions API over a registry running the saga's
/// ASL (the workflow's snapshot) with simulated tasks, SQS, dynalite behind the same port, and the console; then one
/// order of each outcome, and a headless chromium to look at them.
/// </summary>
public sealed partial class ConsoleFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string Account = "111111111111";
    public const string SagaName = "OrderSaga";
    public const string NestedName = "NestedDemo";

    public const string ChromiumPath = "/usr/bin/chromium";

    internal static readonly string[] CompensationStateNames =
        ["RefundPayment", "ReleaseInventory", "CancelOrder", "NotifyCancellation", "PublishOrderCancelled", "OrderCancelled", "PublishCompensationFailed", "CompensationFailed"];

    private WebApplication? app;
    private DynaliteServer? dynalite;
    private IPlaywright? playwright;

    internal SagaTaskInvoker Tasks { get; } = new();

    internal StateMachineRegistry Registry { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    private HttpClient ProxyClient { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public static string SagaArn => $"arn:aws:states:{Region}:{Account}:stateMachine:{SagaName}";

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static string ExecutionArn(string name, string machine = SagaName) => $"arn:aws:states:{Region}:{Account}:execution:{machine}:{name}";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The console's browser tests drive Debian's chromium at {ChromiumPath}: install it with `apt-get install -y chromium`.");
        }

        dynalite = await DynaliteServer.StartAsync(DynaliteOptions.ForRepository(RepositoryPaths.Root));
        var sqs = new SqsService(TimeProvider.System, Region, Account, () => BaseUrl);
        Registry = new StateMachineRegistry(new ExecutionServices { TaskInvoker = Tasks, RandomSeed = 7, Region = Region, AccountId = Account }, Region, Account);
        var router = new AwsRequestRouter([new StepFunctionsApi(Registry)], new SqsApi(sqs), new DynamoDbProxy(ProxyClient, dynalite.Endpoint).ForwardAsync);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/", router.HandleAsync);
        app.MapConsole(new ConsoleOptions { CompensationStates = CompensationStateNames, RefreshInterval = TimeSpan.FromMilliseconds(400) });
        await app.StartAsync();
        BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        Registry.Deploy(SagaName, SagaDefinition(), StateMachineType.Standard, $"arn:aws:iam::{Account}:role/saga");
        Registry.Deploy(NestedName, NestedDefinition, StateMachineType.Standard, $"arn:aws:iam::{Account}:role/nested");
        await RunOrdersAsync();
        await CreateQueuesAsync();
        await CreateTablesAsync();

        Directory.CreateDirectory(ScreenshotFolder);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        Tasks.ReleaseAllPayments();
        try
        {
            if (Browser is not null)
            {
                await Browser.DisposeAsync();
            }

            playwright?.Dispose();
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            // dynalite is a child process: it must go even when the browser or host did not stop cleanly.
            if (dynalite is not null)
            {
                await dynalite.DisposeAsync();
            }

            ProxyClient.Dispose();
            Http.Dispose();
        }
    }

    /// <summary>A fresh page on the console, which fails the test on any script error or request that leaves the host.</summary>
    public async Task<ConsolePage> OpenAsync(string hash = "#/")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1500, Height = 1000 } });
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page, BaseUrl);
        await page.GotoAsync($"{BaseUrl}/console/{hash}");
        return console;
    }

    /// <summary>Calls an AWS JSON API on the host as the console does.</summary>
    public async Task<JsonObject> CallAsync(string target, JsonObject body, bool dynamoDb = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, BaseUrl + "/")
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", target);
        if (dynamoDb)
        {
            request.Headers.Add("X-Amz-Date", "20200101T000000Z");
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text)!.AsObject();
        json["$status"] = (int)response.StatusCode;
        return json;
    }

    private static string SagaDefinition()
    {
        var snapshot = RepositoryPaths.Combine("tests", "OrderSaga.Workflow.Tests", "Snapshots", "__snapshots__", "OrderSagaWorkflow.asl.snap");
        if (!File.Exists(snapshot))
        {
            throw new FileNotFoundException($"The console tests run the saga's ASL from the workflow snapshot, which is missing: {snapshot}");
        }

        var text = File.ReadAllText(snapshot).TrimStart('\uFEFF');
        return Placeholder().Replace(text, m => m.Groups[1].Value switch
        {
            "AWS::Partition" => "aws",
            var name when name.EndsWith("Function.Arn", StringComparison.Ordinal) => $"arn:aws:lambda:{Region}:{Account}:function:{name[..^".Arn".Length]}",
            var name when name.EndsWith(".Name", StringComparison.Ordinal) => name[..^".Name".Length].ToLowerInvariant(),
            var name => $"arn:aws:events:{Region}:{Account}:event-bus/{name[..^".Arn".Length]}",
        });
    }

    private const string NestedDefinition = """
        {
          "Comment": "Parallel and Map, to show nested boxes.",
          "StartAt": "Prepare",
          "States": {
            "Prepare": { "Type": "Pass", "Result": { "items": [1, 2, 3] }, "Next": "FanOut" },
            "FanOut": {
              "Type": "Parallel",
              "Next": "EachItem",
              "ResultPath": "$.parallel",
              "Branches": [
                { "StartAt": "BranchA", "States": { "BranchA": { "Type": "Pass", "Result": "a", "End": true } } },
                { "StartAt": "BranchB", "States": { "BranchB": { "Type": "Wait", "Seconds": 0, "Next": "BranchBDone" }, "BranchBDone": { "Type": "Pass", "End": true } } }
              ]
            },
            "EachItem": {
              "Type": "Map",
              "ItemsPath": "$.items",
              "ItemProcessor": {
                "ProcessorConfig": { "Mode": "INLINE" },
                "StartAt": "Double",
                "States": { "Double": { "Type": "Pass", "Parameters": { "value.$": "States.MathAdd($, $)" }, "End": true } }
              },
              "Next": "Done"
            },
            "Done": { "Type": "Succeed" }
          }
        }
        """;

    /// <summary>The orders the tests look at: name (the order id) → how it is set up.</summary>
    internal static readonly (string OrderId, string Token, string Sku, string Outcome)[] Orders =
    [
        ("ORD-1001", "tok_visa", "SKU-RED-MUG", "SUCCEEDED"),
        ("ORD-1002", "tok_chargeDeclined", "SKU-RED-MUG", "FAILED"),
        ("ORD-1003", "tok_visa", SagaTaskInvoker.SoldOutSku, "FAILED"),
        ("ORD-1004", "tok_flaky", "SKU-RED-MUG", "SUCCEEDED"),
        ("ORD-1005", "tok_broken", "SKU-RED-MUG", "FAILED"),
        ("ORD-REFUND-FAILS", "tok_broken", "SKU-RED-MUG", "FAILED"),
    ];

    /// <summary>Orders whose payment waits until a test releases it (or stops the execution).</summary>
    public const string HeldOrder = "ORD-HOLD";

    public const string LiveOrder = "ORD-LIVE";

    public const string DuplicateExecution = "ORD-1001-redelivered";

    public static string OrderInput(string orderId, string token, string sku) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Order Created",
        ["source"] = "ordersaga.orders",
        ["detail"] = new JsonObject
        {
            ["orderId"] = orderId,
            ["customerId"] = "CUST-42",
            ["customerEmail"] = "ada@example.com",
            ["currency"] = "USD",
            ["items"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 2, ["unitPrice"] = 12.5 }),
            ["totalAmount"] = 25.0,
            ["payment"] = new JsonObject { ["method"] = "card", ["token"] = token },
        },
    }.ToJsonString();

    private async Task RunOrdersAsync()
    {
        var runs = new List<Task>();
        foreach (var (orderId, token, sku, _) in Orders)
        {
            runs.Add(Registry.Start(SagaArn, orderId, OrderInput(orderId, token, sku)).Execution.Completion);
        }

        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(60));
        // The same Order Created delivered again: RecordOrder's condition fails and the saga stops at once.
        await Registry.Start(SagaArn, DuplicateExecution, OrderInput("ORD-1001", "tok_visa", "SKU-RED-MUG")).Execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        await Registry.Start($"arn:aws:states:{Region}:{Account}:stateMachine:{NestedName}", "nested-1", "{}").Execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Registry.Start(SagaArn, HeldOrder, OrderInput(HeldOrder, "tok_hold", "SKU-RED-MUG"));
        Registry.Start(SagaArn, LiveOrder, OrderInput(LiveOrder, "tok_hold", "SKU-RED-MUG"));
    }

    private async Task CreateQueuesAsync()
    {
        foreach (var (queue, body) in new[]
        {
            ("order-saga-dead-letters", """{"version":"0","detail-type":"Order Created","detail":{"orderId":"ORD-DLQ-1"}}"""),
            ("order-saga-rejected-orders", """{"detail-type":"Order Created","detail":{"customerId":"CUST-9","totalAmount":0}}"""),
            ("order-saga-alerts", """{"detail-type":"Order Compensation Failed","detail":{"orderId":"ORD-REFUND-FAILS","error":"RefundRejected"}}"""),
        })
        {
            var created = await CallAsync("AmazonSQS.CreateQueue", new JsonObject { ["QueueName"] = queue });
            await CallAsync("AmazonSQS.SendMessage", new JsonObject { ["QueueUrl"] = (string)created["QueueUrl"]!, ["MessageBody"] = body });
        }
    }

    private async Task CreateTablesAsync()
    {
        await CallAsync("DynamoDB_20120810.CreateTable", new JsonObject
        {
            ["TableName"] = "orders",
            ["AttributeDefinitions"] = new JsonArray(new JsonObject { ["AttributeName"] = "orderId", ["AttributeType"] = "S" }),
            ["KeySchema"] = new JsonArray(new JsonObject { ["AttributeName"] = "orderId", ["KeyType"] = "HASH" }),
            ["BillingMode"] = "PAY_PER_REQUEST",
        }, dynamoDb: true);
        for (var i = 1; i <= 30; i++)
        {
            await CallAsync("DynamoDB_20120810.PutItem", new JsonObject
            {
                ["TableName"] = "orders",
                ["Item"] = new JsonObject
                {
                    ["orderId"] = new JsonObject { ["S"] = $"ORD-{2000 + i}" },
                    ["status"] = new JsonObject { ["S"] = i % 3 == 0 ? "CANCELLED" : "CONFIRMED" },
                    ["totalAmount"] = new JsonObject { ["N"] = "25.5" },
                    ["items"] = new JsonObject { ["L"] = new JsonArray(new JsonObject { ["M"] = new JsonObject { ["sku"] = new JsonObject { ["S"] = "SKU-RED-MUG" }, ["quantity"] = new JsonObject { ["N"] = "2" } } }) },
                },
            }, dynamoDb: true);
        }
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex Placeholder();
}
