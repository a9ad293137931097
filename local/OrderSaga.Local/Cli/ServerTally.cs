namespace OrderSaga.Local.Cli;

/// <summary>How many requests of one kind the endpoint served, and the time it spent on them.</summary>
internal sealed class ServerTally
{
    private long requests;
    private long ticks;

    public long Requests => Interlocked.Read(ref requests);

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref ticks));

    public void Add(TimeSpan elapsed)
    {
        Interlocked.Increment(ref requests);
        Interlocked.Add(ref ticks, elapsed.Ticks);
    }
}
