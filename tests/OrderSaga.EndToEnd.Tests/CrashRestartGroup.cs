namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// Tests that run whole local clouds as child processes: not alongside the other collections, whose shared cloud would
/// compete with them for the machine's cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CrashRestartGroup
{
    public const string Name = "Crash and restart";
}
