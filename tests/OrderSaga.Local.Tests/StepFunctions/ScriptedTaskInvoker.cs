using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Tests.StepFunctions;

/// <summary>
/// A task invoker for the Step Functions API tests: answers each call with the next scripted outcome (a failure, or a
/// wait on a gate the test opens), and echoes the payload once the script has run out.
/// </summary>
internal sealed class ScriptedTaskInvoker : ITaskInvoker
{
    private readonly ConcurrentQueue<Func<TaskRequest, CancellationToken, Task<TaskOutcome>>> script = new();
    private int calls;

    public int Calls => calls;

    public ScriptedTaskInvoker Fail(string error = "Transient", string cause = "scripted failure")
    {
        script.Enqueue((_, _) => Task.FromResult(TaskOutcome.Failure(error, cause)));
        return this;
    }

    /// <summary>The next call waits until <paramref name="gate"/> completes, then echoes its payload.</summary>
    public ScriptedTaskInvoker WaitFor(Task gate)
    {
        script.Enqueue(async (request, ct) =>
        {
            await gate.WaitAsync(ct);
            return Echo(request);
        });
        return this;
    }

    public ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref calls);
        return script.TryDequeue(out var next)
            ? new ValueTask<TaskOutcome>(next(request, cancellationToken))
            : ValueTask.FromResult(Echo(request));
    }

    private static TaskOutcome Echo(TaskRequest request) => TaskOutcome.Success(request.Payload?.DeepClone() ?? new JsonObject());
}
