namespace OrderSaga.Contracts;

/// <summary>
/// Error names as Step Functions sees them. The .NET Lambda runtime reports a thrown exception's type name
/// as <c>errorType</c>, so these are the names of the exception types in this assembly.
/// </summary>
public static class ErrorNames
{
    /// <summary>A failure that may pass if tried again (throttling, a provider timeout): the workflow retries it.</summary>
    public const string Transient = nameof(TransientServiceException);

    /// <summary>Input the service cannot act on: never retried, it goes straight to the Catch.</summary>
    public const string InvalidRequest = nameof(InvalidRequestException);

    public const string LambdaServiceException = "Lambda.ServiceException";
    public const string LambdaAwsLambdaException = "Lambda.AWSLambdaException";
    public const string LambdaSdkClientException = "Lambda.SdkClientException";
    public const string LambdaTooManyRequestsException = "Lambda.TooManyRequestsException";
    public const string LambdaClientExecutionTimeoutException = "Lambda.ClientExecutionTimeoutException";

    /// <summary>The function ran past its own timeout (Lambda's error for a timed-out invocation).</summary>
    public const string LambdaSandboxTimedOut = "Sandbox.Timedout";

    /// <summary>The function's process exited before answering (a crash).</summary>
    public const string LambdaRuntimeExitError = "Runtime.ExitError";

    /// <summary>A task ran past its TimeoutSeconds.</summary>
    public const string StatesTimeout = "States.Timeout";

    public const string DynamoDbConditionalCheckFailed = "DynamoDB.ConditionalCheckFailedException";
    public const string DynamoDbThrottling = "DynamoDB.ProvisionedThroughputExceededException";
    public const string DynamoDbRequestLimitExceeded = "DynamoDB.RequestLimitExceededException";
    public const string DynamoDbThrottlingException = "DynamoDB.ThrottlingException";
    public const string DynamoDbInternalServerError = "DynamoDB.InternalServerErrorException";

    public const string EventBridgeInternal = "EventBridge.InternalException";
    public const string EventBridgeThrottling = "EventBridge.ThrottlingException";

    /// <summary>The events:putEvents integration's error when PutEvents answers with a non-zero FailedEntryCount.</summary>
    public const string EventBridgeFailedEntry = "EventBridge.FailedEntry";

    /// <summary>The Fail state's error when the saga compensated; its Cause is the reason.</summary>
    public const string OrderCancelled = "OrderCancelled";

    /// <summary>The Fail state's error when a compensation still failed after its retries.</summary>
    public const string CompensationFailed = "CompensationFailed";
}
