namespace OrderSaga.Local.Cli;

/// <summary>The local cloud a chaos run drives: a child process it can kill and start again, or one already running (tests).</summary>
internal interface IChaosCloud
{
    Uri Endpoint { get; }

    /// <summary>False for a cloud the run does not own: it cannot be restarted.</summary>
    bool CanRestart { get; }

    /// <summary>Kills the cloud (SIGKILL: no shutdown of any kind) and starts it again on the same endpoint and data.</summary>
    Task RestartAsync(CancellationToken cancellationToken);
}
