using OrderSaga.Contracts;

namespace OrderSaga.Workflow;

/// <summary>
/// The errors worth retrying, per integration. Anything else (invalid input, a failed condition, a function
/// crash or timeout) goes straight to the Catch of a forward step: undoing the order is cheaper than holding it, and
/// business outcomes such as a decline are results, not errors.
/// </summary>
internal static class TransientErrors
{
    public static readonly string[] Lambda =
    [
        ErrorNames.LambdaServiceException,
        ErrorNames.LambdaAwsLambdaException,
        ErrorNames.LambdaSdkClientException,
        ErrorNames.LambdaTooManyRequestsException,
        ErrorNames.LambdaClientExecutionTimeoutException,
        ErrorNames.Transient,
    ];

    public static readonly string[] DynamoDb =
    [
        ErrorNames.DynamoDbThrottling,
        ErrorNames.DynamoDbRequestLimitExceeded,
        ErrorNames.DynamoDbThrottlingException,
        ErrorNames.DynamoDbInternalServerError,
    ];

    public static readonly string[] EventBridge =
    [
        ErrorNames.EventBridgeInternal,
        ErrorNames.EventBridgeThrottling,
        ErrorNames.EventBridgeFailedEntry,
    ];

    /// <summary>A Lambda task's crash or timeout, retried only by a policy that <see cref="RetryPolicy.RetriesCrashesAndTimeouts"/>.</summary>
    public static readonly string[] LambdaCrashesAndTimeouts =
    [
        ErrorNames.LambdaSandboxTimedOut,
        ErrorNames.LambdaRuntimeExitError,
        ErrorNames.StatesTimeout,
    ];

    /// <summary>A service integration's timeout, retried only by a policy that <see cref="RetryPolicy.RetriesCrashesAndTimeouts"/>.</summary>
    public static readonly string[] IntegrationTimeouts = [ErrorNames.StatesTimeout];
}
