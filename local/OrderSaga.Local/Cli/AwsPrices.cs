namespace OrderSaga.Local.Cli;

/// <summary>
/// AWS list prices in us-east-1 that <c>cost</c> applies, in one place, each with its source (checked 2026-11-24). Free
/// tiers are left out: they are per account and month, not per order.
/// </summary>
internal static class AwsPrices
{
    /// <summary>https://aws.amazon.com/step-functions/pricing/ — Standard workflows, $0.025 per 1,000 state transitions.</summary>
    public const decimal StepFunctionsStandardPerTransition = 0.025m / 1_000;

    /// <summary>https://aws.amazon.com/eventbridge/pricing/ — custom events, $1.00 per million (each 64 KB chunk of an entry is one event).</summary>
    public const decimal EventBridgeCustomEvent = 1.00m / 1_000_000;

    /// <summary>https://aws.amazon.com/eventbridge/pricing/ — archive, $0.10 per GB of events processed into it (storage, $0.023 per GB-month, left out).</summary>
    public const decimal EventBridgeArchivePerGb = 0.10m;

    /// <summary>https://aws.amazon.com/lambda/pricing/ — $0.20 per million requests.</summary>
    public const decimal LambdaRequest = 0.20m / 1_000_000;

    /// <summary>https://aws.amazon.com/lambda/pricing/ — x86, first 6 billion GB-seconds a month, $0.0000166667 per GB-second.</summary>
    public const decimal LambdaGbSecondX86 = 0.0000166667m;

    /// <summary>
    /// https://aws.amazon.com/dynamodb/pricing/on-demand/ — Standard table class, $0.625 per million write request units.
    /// Halved on 2024-11-01 from the $1.25 many summaries still quote.
    /// </summary>
    public const decimal DynamoDbWriteRequestUnit = 0.625m / 1_000_000;

    /// <summary>https://aws.amazon.com/dynamodb/pricing/on-demand/ — $0.125 per million read request units (was $0.25 before 2024-11-01).</summary>
    public const decimal DynamoDbReadRequestUnit = 0.125m / 1_000_000;
}
