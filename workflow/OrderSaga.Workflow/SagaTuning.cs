namespace OrderSaga.Workflow;

/// <summary>
/// Every retry policy and timeout of the saga in one place, so that a change to any of them shows up as one
/// readable diff in the ASL snapshot.
/// </summary>
/// <param name="Forward">Steps that move the order forward, notifications and the success/cancel events.</param>
/// <param name="Compensation">Refund, release and cancel, and the compensation-failed alert: they must get through, so they try longer.</param>
/// <param name="LambdaTaskTimeout">Longer than the functions' own timeout, so a slow function reports its own error first.</param>
public sealed record SagaTuning(
    RetryPolicy Forward,
    RetryPolicy Compensation,
    TimeSpan LambdaTaskTimeout,
    TimeSpan DynamoDbTaskTimeout,
    TimeSpan EventBridgeTaskTimeout,
    TimeSpan StateMachineTimeout)
{
    public static SagaTuning Default { get; } = new(
        Forward: new RetryPolicy(MaxAttempts: 3, Interval: TimeSpan.FromSeconds(1), BackoffRate: 2, MaxDelay: TimeSpan.FromSeconds(10)),
        Compensation: new RetryPolicy(MaxAttempts: 8, Interval: TimeSpan.FromSeconds(2), BackoffRate: 2, MaxDelay: TimeSpan.FromSeconds(60))
        {
            // A compensation that gives up needs a person; its handlers are idempotent per order, so trying a crashed
            // refund again is safe and usually enough.
            RetriesCrashesAndTimeouts = true,
        },
        LambdaTaskTimeout: TimeSpan.FromSeconds(40),
        DynamoDbTaskTimeout: TimeSpan.FromSeconds(10),
        EventBridgeTaskTimeout: TimeSpan.FromSeconds(10),
        StateMachineTimeout: TimeSpan.FromHours(1));
}
