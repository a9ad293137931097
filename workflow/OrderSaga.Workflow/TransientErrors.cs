using OrderSaga.Contracts;

namespace OrderSaga.Workflow;

/// <summary>
/// The errors worth retrying, per integration. Anything else (invalid input, a failed condition, a function
/// crash or timeout) goes straight to the Catch: retrying it would only repeat the failure, and business
/// outcomes such as a decline are results, not errors.
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
}
