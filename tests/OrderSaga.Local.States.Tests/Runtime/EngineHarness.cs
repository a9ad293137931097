using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

internal static class EngineHarness
{
    public static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static CompiledStateMachine Compile(string definition)
    {
        Assert.True(CompiledStateMachine.TryCompile(definition, out var machine, out var errors), string.Join("; ", errors));
        return machine!;
    }

    public static async Task<Execution> RunAsync(string definition, string input = "{}", ITaskInvoker? invoker = null, TimeProvider? time = null)
    {
        var machine = Compile(definition);
        var execution = machine.Start(Request(input), Services(invoker, time));
        await execution.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        return execution;
    }

    public static ExecutionRequest Request(string input = "{}", string name = "exec-1") =>
        new("arn:aws:states:us-east-1:111111111111:stateMachine:TestMachine", name, JsonNode.Parse(input));

    public static ExecutionServices Services(ITaskInvoker? invoker = null, TimeProvider? time = null) => new()
    {
        TaskInvoker = invoker ?? new ScriptedInvoker(),
        Time = time ?? new VirtualTimeProvider(Start),
        RandomSeed = 7,
    };
}
