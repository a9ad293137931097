namespace OrderSaga.Local.Cli;

/// <summary>Counters for one (origin, operation, table): requests, failures, strongly consistent reads, the largest item written, time spent in dynalite.</summary>
internal sealed class DynamoDbTally
{
    private readonly Lock gate = new();

    public long Requests { get; private set; }

    /// <summary>Requests dynalite answered with an error (a failed condition among them: DynamoDB still meters those).</summary>
    public long Errors { get; private set; }

    public long ConsistentReads { get; private set; }

    public int LargestItemBytes { get; private set; }

    public TimeSpan Elapsed { get; private set; }

    public void Add(DynamoDbCall call, int statusCode, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (gate)
        {
            Requests++;
            Errors += statusCode is >= 200 and < 300 ? 0 : 1;
            ConsistentReads += call.ConsistentRead ? 1 : 0;
            LargestItemBytes = Math.Max(LargestItemBytes, call.ItemBytes);
            Elapsed += elapsed;
        }
    }
}
