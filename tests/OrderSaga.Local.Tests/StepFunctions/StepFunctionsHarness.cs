using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.Tests.StepFunctions;

/// <summary>A registry with one deployed machine (Prepare → Charge) and the API over it, on a virtual clock.</summary>
internal sealed class StepFunctionsHarness
{
    public const string Region = "us-east-1";
    public const string Account = "000000000000";
    public static readonly DateTimeOffset Start = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Definition = """
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Result": "prepared", "ResultPath": "$.prepare", "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:charge", "End": true,
                     "Parameters": {"order.$": "$.order", "redriveCount.$": "$$.Execution.RedriveCount"}}}}
        """;

    public StepFunctionsHarness(ScriptedTaskInvoker invoker)
    {
        Registry = new StateMachineRegistry(new ExecutionServices { TaskInvoker = invoker, Time = Time, Region = Region, AccountId = Account }, Region, Account);
        Machine = Registry.Deploy("Saga", Definition, StateMachineType.Standard, $"arn:aws:iam::{Account}:role/Saga");
        Api = new StepFunctionsApi(Registry);
    }

    public VirtualTimeProvider Time { get; } = new(Start);

    public StateMachineRegistry Registry { get; }

    public DeployedStateMachine Machine { get; }

    public StepFunctionsApi Api { get; }

    public async Task<JsonObject> CallAsync(string operation, JsonObject request)
    {
        using var document = JsonDocument.Parse(request.ToJsonString());
        var response = await Api.HandleAsync(operation, document.RootElement, CancellationToken.None);
        return Assert.IsType<JsonObject>(response);
    }

    /// <summary>StartExecution through the API, then waits for the run to end.</summary>
    public async Task<string> RunAsync(string name, string input = """{"order": "ORD-1"}""")
    {
        var started = await CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = Machine.Arn, ["name"] = name, ["input"] = input });
        var arn = started["executionArn"]!.GetValue<string>();
        await WaitForEndAsync(arn);
        return arn;
    }

    public Task WaitForEndAsync(string executionArn) => Registry.GetExecution(executionArn).Completion.WaitAsync(TimeSpan.FromSeconds(20));

    public Task<JsonObject> DescribeAsync(string executionArn) => CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn });

    public Task<JsonObject> RedriveAsync(string executionArn, string? clientToken = null)
    {
        var request = new JsonObject { ["executionArn"] = executionArn };
        if (clientToken is not null)
        {
            request["clientToken"] = clientToken;
        }

        return CallAsync("RedriveExecution", request);
    }
}
