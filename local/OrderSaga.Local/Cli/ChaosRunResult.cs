namespace OrderSaga.Local.Cli;

/// <summary>A finished chaos run: what was planned and found, the verdict, and the figures of the run.</summary>
/// <param name="RunningAtRestart">For each restart, how many executions were running when the cloud was killed.</param>
/// <param name="Publishing">Wall time until the last order was sent (restarts included).</param>
/// <param name="Ended">False when the wait gave up (timeout, or nothing changed any more) before every order ended.</param>
internal sealed record ChaosRunResult(
    ChaosPlan Plan,
    ChaosRunOptions Options,
    ChaosSnapshot Snapshot,
    ChaosVerdict Verdict,
    IReadOnlyList<int> RunningAtRestart,
    ChaosFaultTally Faults,
    TimeSpan Publishing,
    TimeSpan Elapsed,
    bool Ended);
