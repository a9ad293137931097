namespace OrderSaga.Local.Lambda;

/// <summary>One invocation on its way through a worker; completes exactly once, whichever way it ends.</summary>
internal sealed class PendingInvocation(string requestId, ReadOnlyMemory<byte> payload, long createdTimestamp)
{
    private readonly TaskCompletionSource<LambdaInvokeResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string RequestId => requestId;

    public ReadOnlyMemory<byte> Payload => payload;

    public long CreatedTimestamp => createdTimestamp;

    /// <summary>How long the invocation waited for a free execution environment slot before it was created.</summary>
    public TimeSpan SlotWait { get; init; }

    /// <summary>When a worker took the event from /next (0 until then): the function's own time starts here.</summary>
    public long DispatchedTimestamp { get; set; }

    /// <summary>Stops the timeout timer once the invocation is over.</summary>
    public ITimer? Timer { get; set; }

    public Task<LambdaInvokeResult> Completion => _completion.Task;

    public bool TryComplete(LambdaInvokeResult result)
    {
        Timer?.Dispose();
        return _completion.TrySetResult(result);
    }

    public void Cancel()
    {
        Timer?.Dispose();
        _completion.TrySetCanceled();
    }
}
