namespace OrderSaga.Local.WebConsole;

/// <summary>The body of <c>/console/config.json</c>.</summary>
internal sealed record ConsoleConfig(IReadOnlyList<string> CompensationStates, int RefreshMs);
