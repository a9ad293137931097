namespace OrderSaga.Local.States.Model;

/// <summary>A state machine, or one branch of a Parallel or Map: where it starts and its states, in definition order.</summary>
public sealed record StateMachineDefinition(
    string StartAt,
    IReadOnlyDictionary<string, State> States,
    string? Comment,
    int? TimeoutSeconds,
    string Location)
{
    public State this[string name] => States[name];
}
