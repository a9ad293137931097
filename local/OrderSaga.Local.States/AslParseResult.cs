using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States;

/// <summary>The outcome of parsing: the model when there was no error, and every error found, each located.</summary>
public sealed record AslParseResult(StateMachineDefinition? Definition, IReadOnlyList<DefinitionError> Errors)
{
    public bool Succeeded => Definition is not null && Errors.Count == 0;
}
