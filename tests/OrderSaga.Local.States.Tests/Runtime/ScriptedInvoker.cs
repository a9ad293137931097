using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

/// <summary>A task invoker for tests: fails a function a given number of times, then echoes its payload.</summary>
internal sealed class ScriptedInvoker(int failuresBeforeSuccess = 0, string error = "Transient") : ITaskInvoker
{
    private int _calls;

    public ConcurrentQueue<TaskRequest> Requests { get; } = new();

    public int Calls => _calls;

    public ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        var call = Interlocked.Increment(ref _calls);
        return ValueTask.FromResult(call <= failuresBeforeSuccess
            ? TaskOutcome.Failure(error, $"attempt {call} failed")
            : TaskOutcome.Success(request.Payload?.DeepClone() ?? new JsonObject()));
    }
}
