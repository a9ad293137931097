namespace OrderSaga.Local.WebConsole;

/// <summary>What the host tells the console page through <c>/console/config.json</c>.</summary>
internal sealed record ConsoleOptions
{
    /// <summary>
    /// State names always drawn as compensation, whatever the graph analysis finds (the saga's compensation states
    /// from Contracts). The page also infers compensation paths on its own, so any state machine gets them.
    /// </summary>
    public IReadOnlyList<string> CompensationStates { get; init; } = [];

    /// <summary>How often the page polls while an execution it shows is running.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(1500);
}
