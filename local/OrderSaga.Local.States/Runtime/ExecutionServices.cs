namespace OrderSaga.Local.States.Runtime;

/// <summary>What an execution needs from its host. One instance can serve many concurrent executions.</summary>
public sealed class ExecutionServices
{
    public required ITaskInvoker TaskInvoker { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Seed for retry jitter and States.MathRandom; null for a random seed.</summary>
    public int? RandomSeed { get; init; }

    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "111111111111";

    public string Partition { get; init; } = "aws";

    /// <summary>Called for every history event as it is appended (live console, persistence); must be quick and thread-safe.</summary>
    public Action<Execution, HistoryEvent>? OnEvent { get; init; }

    /// <summary>
    /// Called each time a top-level state is entered, with where the execution would resume after a restart
    /// (persistence); must be quick and thread-safe. Null costs nothing: no checkpoint is built.
    /// </summary>
    public Action<Execution, ExecutionCheckpoint>? OnCheckpoint { get; init; }

    /// <summary>Payload size limit for state input/output and task results, in bytes (AWS: 256 KiB).</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;
}
