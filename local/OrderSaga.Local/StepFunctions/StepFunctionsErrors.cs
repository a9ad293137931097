using OrderSaga.Local.Endpoint;

namespace OrderSaga.Local.StepFunctions;

/// <summary>Step Functions API errors with AWS's names.</summary>
internal static class StepFunctionsErrors
{
    public static AwsJsonError StateMachineDoesNotExist(string arn) => new("StateMachineDoesNotExist", $"State Machine Does Not Exist: '{arn}'");

    public static AwsJsonError ExecutionDoesNotExist(string arn) => new("ExecutionDoesNotExist", $"Execution Does Not Exist: '{arn}'");

    public static AwsJsonError ExecutionAlreadyExists(string arn) => new("ExecutionAlreadyExists", $"Execution Already Exists: '{arn}'");

    public static AwsJsonError InvalidArn(string arn) => new("InvalidArn", $"Invalid Arn: '{arn}'");

    public static AwsJsonError InvalidName(string name) => new("InvalidName", $"Invalid Name: '{name}'");

    public static AwsJsonError InvalidExecutionInput(string reason) => new("InvalidExecutionInput", $"Invalid State Machine Execution Input: '{reason}'");

    public static AwsJsonError InvalidToken(string token) => new("InvalidToken", $"Invalid Token: '{token}'");

    public static AwsJsonError ExecutionNotRedrivable(string arn, string reason) => new("ExecutionNotRedrivable", $"Execution '{arn}' cannot be redriven: {reason}");
}
