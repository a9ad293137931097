namespace OrderSaga.Local.Analysis;

/// <summary>The rule identifiers a <see cref="Finding"/> can carry, stable for scripts that read <c>--json</c>.</summary>
public static class FindingRules
{
    public const string InvalidDefinition = "invalid-definition";
    public const string UnreachableState = "unreachable-state";
    public const string NoPathToEnd = "no-path-to-end";
    public const string ChoiceWithoutDefault = "choice-without-default";
    public const string TaskWithoutTimeout = "task-without-timeout";
    public const string TaskWithoutRetry = "task-without-retry";
    public const string RetryWithoutJitter = "retry-without-jitter";
    public const string RetryWithoutMaxDelay = "retry-without-max-delay";
    public const string UncaughtFailure = "uncaught-failure";
    public const string PartialCatch = "partial-catch";
    public const string CompensationMissing = "compensation-missing";
    public const string CompensationOrder = "compensation-order";
    public const string FailureEndsInSucceed = "failure-ends-in-succeed";
    public const string UnknownCompensationState = "unknown-compensation-state";
    public const string TooManyPaths = "too-many-paths";
}
