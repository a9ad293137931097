namespace OrderSaga.Local.Templates;

/// <summary>A state machine; <see cref="Definition"/> is the ASL with every intrinsic and substitution resolved.</summary>
internal sealed record StateMachineResource(
    string LogicalId,
    string Name,
    string Arn,
    string Definition,
    string Type,
    string? RoleArn,
    StateMachineLogging? Logging,
    bool TracingEnabled) : StackResource(LogicalId, Name, Arn);
