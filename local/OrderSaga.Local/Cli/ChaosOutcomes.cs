namespace OrderSaga.Local.Cli;

/// <summary>How an order of a chaos run ended, as the report counts them.</summary>
internal static class ChaosOutcomes
{
    public const string Confirmed = "CONFIRMED";

    /// <summary>Followed by the orders row's reason: <c>CANCELLED OUT_OF_STOCK</c>, <c>CANCELLED PAYMENT_DECLINED</c>, <c>CANCELLED STEP_FAILED</c>.</summary>
    public const string CancelledPrefix = "CANCELLED ";

    /// <summary>A compensation failed after its retries and the saga raised an alert: a person must put it right.</summary>
    public const string CompensationFailed = "COMPENSATION_FAILED";

    /// <summary>EventBridge could not start an execution after its retries and put the event in the dead-letter queue.</summary>
    public const string DeadLettered = "DEAD_LETTERED";

    /// <summary>Malformed, and in the rejected-orders queue as it should be.</summary>
    public const string Rejected = "REJECTED";

    public const string NotAccepted = "NOT_ACCEPTED";

    public const string NotTerminal = "NOT_TERMINAL";

    public const string Inconsistent = "INCONSISTENT";

    /// <summary>Outcomes that are ends: the order will not change by itself any more.</summary>
    public static bool IsTerminal(string outcome) =>
        outcome is Confirmed or CompensationFailed or DeadLettered or Rejected || outcome.StartsWith(CancelledPrefix, StringComparison.Ordinal);
}
