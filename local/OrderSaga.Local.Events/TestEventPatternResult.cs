namespace OrderSaga.Local.Events;

/// <summary>The result of TestEventPattern: the match result, or the error AWS would answer.</summary>
public sealed record TestEventPatternResult(bool Result, AwsError? Error);
