using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.StepFunctions;

/// <summary>A state machine as the local cloud deployed it: the text it was given and the compiled form executions run.</summary>
internal sealed record DeployedStateMachine(
    string Name,
    string Arn,
    string Definition,
    CompiledStateMachine Machine,
    StateMachineType Type,
    string RoleArn,
    DateTimeOffset CreationDate,
    string LoggingLevel,
    bool TracingEnabled);
