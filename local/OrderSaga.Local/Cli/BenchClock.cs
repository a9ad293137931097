namespace OrderSaga.Local.Cli;

/// <summary>Which clock <c>bench engine</c> runs executions on.</summary>
internal enum BenchClock
{
    PerExecution,
    Shared,
    System,
}
