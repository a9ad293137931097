namespace OrderSaga.Local.Lambda;

/// <summary>A snapshot of one function's counters; cold start is measured from process start to its first answer.</summary>
internal sealed record LambdaFunctionMetrics(
    string FunctionName,
    long Invocations,
    long Errors,
    long Timeouts,
    long Crashes,
    long InjectedFaults,
    long ColdStarts,
    TimeSpan? LastColdStart,
    TimeSpan? AverageColdStart,
    int Workers,
    int BusyWorkers);
