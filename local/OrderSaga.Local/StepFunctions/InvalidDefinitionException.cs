using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.StepFunctions;

/// <summary>A state machine definition the engine rejected, with every error and where it is.</summary>
internal sealed class InvalidDefinitionException(string stateMachineName, IReadOnlyList<DefinitionError> errors)
    : Exception($"State machine {stateMachineName}: invalid definition:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors))
{
    public IReadOnlyList<DefinitionError> Errors { get; } = errors;
}
