namespace OrderSaga.Local.Chaos;

/// <summary>The kinds of fault chaos injects, as counted by <c>GET /_local/chaos</c> and the chaos report.</summary>
internal static class ChaosFaultKinds
{
    /// <summary>The service's own transient error (<c>TransientServiceException</c>): the saga retries it.</summary>
    public const string TransientError = "transient-error";

    /// <summary>An error the services raise for input they cannot act on (<c>InvalidRequestException</c>): never retried, caught.</summary>
    public const string NonRetryableError = "non-retryable-error";

    /// <summary>The function timed out (<c>Sandbox.Timedout</c>), before or after it did its work.</summary>
    public const string Timeout = "timeout";

    /// <summary>The function's process died (<c>Runtime.ExitError</c>), before or after it did its work.</summary>
    public const string Crash = "crash";

    /// <summary>Lambda (<c>Lambda.TooManyRequestsException</c>) or DynamoDB (<c>ProvisionedThroughputExceededException</c>) throttled the call.</summary>
    public const string Throttling = "throttling";

    /// <summary>What a Lambda invocation may suffer, in the order the draw picks from.</summary>
    public static readonly IReadOnlyList<string> Lambda = [TransientError, NonRetryableError, Timeout, Crash, Throttling];

    /// <summary>What a DynamoDB integration call may suffer: a throttled request, which changes nothing.</summary>
    public static readonly IReadOnlyList<string> DynamoDb = [Throttling];

    public static readonly IReadOnlyList<string> All = Lambda;
}
