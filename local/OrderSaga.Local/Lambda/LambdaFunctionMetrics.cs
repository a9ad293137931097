namespace OrderSaga.Local.Lambda;

/// <summary>
/// A snapshot of one function's counters; cold start is measured from process start to its first answer.
/// <see cref="BilledMilliseconds"/> sums, over the invocations the function answered, the time from the worker taking
/// the event to its answer, each rounded up to the millisecond, as Lambda bills duration.
/// </summary>
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
    int BusyWorkers,
    long BilledMilliseconds = 0);
