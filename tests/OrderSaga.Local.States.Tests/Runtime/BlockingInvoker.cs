using System.Text.Json.Nodes;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

/// <summary>A task invoker for tests: its first call waits until cancelled (StopExecution); later calls echo their payload.</summary>
internal sealed class BlockingInvoker : ITaskInvoker
{
    private readonly TaskCompletionSource _firstCallStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _calls;

    public int Calls => _calls;

    public Task FirstCallStarted => _firstCallStarted.Task;

    public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _calls) == 1)
        {
            _firstCallStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        return TaskOutcome.Success(request.Payload?.DeepClone() ?? new JsonObject());
    }
}
