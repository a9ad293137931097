namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// What goes wrong in one attempt of a Task state, whatever the state calls. <see cref="CloudTaskInvoker"/> turns each
/// kind into what AWS reports for the state's resource (a Lambda function, a DynamoDB or EventBridge integration).
/// </summary>
internal enum StateFaultKind
{
    /// <summary>A failure worth retrying: the services' TransientServiceException, DynamoDB or EventBridge throttling.</summary>
    Transient,

    /// <summary>A failure no retry can mend: invalid input to a function, a validation error from a service.</summary>
    NonRetryable,

    /// <summary>No answer in time: the function's own timeout (Sandbox.Timedout) or the task's TimeoutSeconds (States.Timeout).</summary>
    Timeout,

    /// <summary>The worker process exits (Runtime.ExitError), or the service answers 500.</summary>
    Crash,
}
