using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Runtime;

/// <summary>Workflow variables: a branch or Map iteration reads its parents' variables and assigns in its own scope.</summary>
internal sealed class VariableScope(VariableScope? parent)
{
    private Dictionary<string, JsonNode?>? _values;

    public bool TryGet(string name, out JsonNode? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._values is not null && scope._values.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public VariableScope? Parent { get; } = parent;

    public void Set(string name, JsonNode? value)
    {
        _values ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        _values[name] = value;
    }
}
