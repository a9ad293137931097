using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>
/// One order the demo sends and what it is meant to show: the status, error and cause it must end with, the state it
/// must end in, states it must (and must not) pass through, and anything else worth checking.
/// </summary>
internal sealed record DemoScenario(string Name, string OrderId, JsonObject Detail)
{
    public required string Status { get; init; }

    /// <summary>Sent on its own, because it needs a fault injected that must not hit another order.</summary>
    public bool SentAlone { get; init; }

    public string? Error { get; init; }

    public string? Cause { get; init; }

    public string? LastState { get; init; }

    public IReadOnlyList<string> Through { get; init; } = [];

    public IReadOnlyList<string> NotThrough { get; init; } = [];

    /// <summary>A further check; returns what is wrong, or null.</summary>
    public Func<DemoRun, string?>? Extra { get; init; }

    /// <summary>What is wrong with how the execution went, or null when it went as meant.</summary>
    public string? Problem(DemoRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var e = run.Execution;
        if (run.Status != Status)
        {
            return $"ended {run.Status}, meant to end {Status}";
        }

        if (e.Error != Error)
        {
            return $"error {e.Error ?? "(none)"}, meant {Error ?? "(none)"}";
        }

        if (Cause is not null && e.Cause != Cause)
        {
            return $"cause {e.Cause ?? "(none)"}, meant {Cause}";
        }

        if (LastState is not null && run.LastState != LastState)
        {
            return $"ended in state {run.LastState}, meant {LastState}";
        }

        if (Through.FirstOrDefault(s => !run.States.Contains(s)) is { } missing)
        {
            return $"never entered {missing}";
        }

        if (NotThrough.FirstOrDefault(run.States.Contains) is { } extra)
        {
            return $"entered {extra}, which it should not have";
        }

        return Extra?.Invoke(run);
    }
}
