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

    /// <summary>The variables visible in this scope (an inner scope's value wins), copied, for a checkpoint.</summary>
    public JsonObject ToJson()
    {
        var result = new JsonObject();
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._values is null)
            {
                continue;
            }

            foreach (var (name, value) in scope._values)
            {
                if (!result.ContainsKey(name))
                {
                    result[name] = value?.DeepClone();
                }
            }
        }

        return result;
    }

    /// <summary>A top-level scope holding the variables of a checkpoint.</summary>
    public static VariableScope FromJson(JsonObject? variables)
    {
        var scope = new VariableScope(null);
        if (variables is not null)
        {
            foreach (var (name, value) in variables)
            {
                scope.Set(name, value?.DeepClone());
            }
        }

        return scope;
    }

    public void Set(string name, JsonNode? value)
    {
        _values ??= new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        _values[name] = value;
    }
}
