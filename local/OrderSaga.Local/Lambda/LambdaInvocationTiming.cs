namespace OrderSaga.Local.Lambda;

/// <summary>
/// Where one answered invocation spent its time. <see cref="SlotWait"/>: waiting for one of the function's execution
/// environments (the pool's cap) before the host accepts it; <see cref="Queued"/>: from then to a worker taking it from
/// /next (on a cold start this includes starting the process); <see cref="Handler"/>: from then to the worker's answer
/// (the function's billed duration); <see cref="Total"/>: Queued and Handler, as the Invoke result's duration.
/// </summary>
internal sealed record LambdaInvocationTiming(string FunctionName, bool ColdStart, bool Error, TimeSpan SlotWait, TimeSpan Queued, TimeSpan Handler, TimeSpan Total);
