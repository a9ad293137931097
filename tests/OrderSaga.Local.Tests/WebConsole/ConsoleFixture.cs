using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.WebConsole;
using OrderSaga.Testing;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>
/// The shapes the real saga on the local cloud cannot show (see <see cref="CloudConsoleFixture"/> for everything it
/// can): a Parallel and a Map to draw nested, and executions held RUNNING until a test releases or stops them. A
/// minimal host: the Step Functions API over a registry running the saga's ASL (the workflow's snapshot) with
/// simulated tasks, and the console polling fast.
/// </summary>
public sealed partial class ConsoleFixture : IAsyncLifetime
{
    public const string Region = "us-east-1";
    public const string Account = "111111111111";
    public const string SagaName = "OrderSaga";
    public const string NestedName = "NestedDemo";

    /// <summary>Orders whose payment waits until a test releases it (or stops the execution).</summary>
    public const string HeldOrder = "ORD-HOLD";

    public const string LiveOrder = "ORD-LIVE";

    internal static readonly string[] CompensationStateNames =
        ["RefundPayment", "ReleaseInventory", "CancelOrder", "NotifyCancellation", "PublishOrderCancelled", "OrderCancelled", "PublishCompensationFailed", "CompensationFailed"];

    private WebApplication? app;
    private ConsoleBrowser? browser;

    internal SagaTaskInvoker Tasks { get; } = new();

    internal StateMachineRegistry Registry { get; private set; } = null!;

    public HttpClient Http { get; } = new();

    public string BaseUrl { get; private set; } = string.Empty;

    public static string SagaArn => $"arn:aws:states:{Region}:{Account}:stateMachine:{SagaName}";

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
        var sqs = new SqsService(TimeProvider.System, Region, Account, () => BaseUrl);
        Registry = new StateMachineRegistry(new ExecutionServices { TaskInvoker = Tasks, RandomSeed = 7, Region = Region, AccountId = Account }, Region, Account);
        var router = new AwsRequestRouter([new StepFunctionsApi(Registry)], new SqsApi(sqs), null);

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
        await Registry.Start($"arn:aws:states:{Region}:{Account}:stateMachine:{NestedName}", "nested-1", "{}").Execution.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Registry.Start(SagaArn, HeldOrder, OrderInput(HeldOrder, "tok_hold", "SKU-RED-MUG"));
        Registry.Start(SagaArn, LiveOrder, OrderInput(LiveOrder, "tok_hold", "SKU-RED-MUG"));
        browser = await ConsoleBrowser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        Tasks.ReleaseAllPayments();
        try
        {
            if (browser is not null)
            {
                await browser.DisposeAsync();
            }
        }
        finally
        {
            if (app is not null)
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }

            Http.Dispose();
        }
    }

    public Task<ConsolePage> OpenAsync(string hash = "#/") => browser!.OpenAsync(BaseUrl, hash);

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

    private static string OrderInput(string orderId, string token, string sku) => new JsonObject
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

    [GeneratedRegex(@"\$\{([A-Za-z0-9:.]+)\}")]
    private static partial Regex Placeholder();
}
