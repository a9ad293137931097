namespace OrderSaga.Local.Templates;

internal sealed record RuleTarget(
    string Id,
    string Arn,
    string? RoleArn,
    string? Input,
    string? InputPath,
    TargetInputTransformer? InputTransformer,
    TargetRetryPolicy? RetryPolicy,
    string? DeadLetterArn,
    string? SqsMessageGroupId);
