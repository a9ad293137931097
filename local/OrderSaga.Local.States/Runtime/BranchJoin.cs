namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// Where a Parallel or a Map waits for its branches (or iterations), each of which runs as its own piece of work on a
/// virtual clock. The hand-off is exact: a branch that ends while its parent waits passes its own hold on the clock to
/// the parent instead of letting go, so the clock's busy count never touches zero between a branch ending and its
/// parent resuming, and a timer can fire the moment the whole execution is idle, with no real time allowed for the gap.
/// </summary>
internal sealed class BranchJoin(VirtualTimeProvider? clock)
{
    private readonly Lock _lock = new();
    private readonly Queue<int> _ended = new();
    private TaskCompletionSource<int>? _parked;

    /// <summary>Called by the parent, which holds the clock, just before it starts branch work.</summary>
    public void Starting() => clock?.Acquire();

    /// <summary>A branch's last act: it wakes the waiting parent with its hold, or lets go and leaves word for it.</summary>
    public void Ended(int index)
    {
        TaskCompletionSource<int>? wake;
        lock (_lock)
        {
            wake = _parked;
            _parked = null;
            if (wake is null)
            {
                _ended.Enqueue(index);
            }
        }

        if (wake is null)
        {
            clock?.Release();
        }
        else
        {
            wake.SetResult(index);
        }
    }

    /// <summary>
    /// The index of the next branch to end. The parent gives up its hold while it waits and, once woken, holds the clock
    /// again (the hold of the branch that woke it).
    /// </summary>
    public ValueTask<int> NextEndedAsync()
    {
        TaskCompletionSource<int> parked;
        lock (_lock)
        {
            if (_ended.TryDequeue(out var index))
            {
                return ValueTask.FromResult(index);
            }

            parked = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _parked = parked;
        }

        clock?.Release();
        return new ValueTask<int>(parked.Task);
    }
}
