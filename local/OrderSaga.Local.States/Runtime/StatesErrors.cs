namespace OrderSaga.Local.States.Runtime;

/// <summary>The predefined error names of the Amazon States Language.</summary>
public static class StatesErrors
{
    public const string All = "States.ALL";
    public const string DataLimitExceeded = "States.DataLimitExceeded";
    public const string Runtime = "States.Runtime";
    public const string Timeout = "States.Timeout";
    public const string TaskFailed = "States.TaskFailed";
    public const string Permissions = "States.Permissions";
    public const string ResultPathMatchFailure = "States.ResultPathMatchFailure";
    public const string ParameterPathFailure = "States.ParameterPathFailure";
    public const string BranchFailed = "States.BranchFailed";
    public const string NoChoiceMatched = "States.NoChoiceMatched";
    public const string IntrinsicFailure = "States.IntrinsicFailure";
    public const string ExceedToleratedFailureThreshold = "States.ExceedToleratedFailureThreshold";
    public const string HeartbeatTimeout = "States.HeartbeatTimeout";
    public const string ItemReaderFailed = "States.ItemReaderFailed";
    public const string ResultWriterFailed = "States.ResultWriterFailed";
    public const string QueryEvaluationError = "States.QueryEvaluationError";

    /// <summary>States.ALL matches every error except States.Runtime (and DataLimitExceeded, which AWS never retries or catches with ALL).</summary>
    public static bool IsTerminal(string error) => error is Runtime or DataLimitExceeded;
}
