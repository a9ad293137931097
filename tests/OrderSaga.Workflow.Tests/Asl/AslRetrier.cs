namespace OrderSaga.Workflow.Tests.Asl;

public sealed record AslRetrier(
    IReadOnlyList<string> ErrorEquals,
    int MaxAttempts,
    double IntervalSeconds,
    double BackoffRate,
    double? MaxDelaySeconds,
    string? JitterStrategy);
