using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States;

/// <summary>
/// Checks what the parser cannot see one state at a time: StartAt and every Next, Default and Catch target exist
/// within the same scope (a branch or processor cannot jump out), and every state is reachable.
/// </summary>
public static class AslValidator
{
    public static IReadOnlyList<DefinitionError> Validate(StateMachineDefinition definition)
    {
        var errors = new List<DefinitionError>();
        ValidateScope(definition, errors);
        return errors;
    }

    private static void ValidateScope(StateMachineDefinition scope, List<DefinitionError> errors)
    {
        var prefix = scope.Location.Length == 0 ? "" : scope.Location + ".";
        if (!scope.States.ContainsKey(scope.StartAt))
        {
            errors.Add(new DefinitionError(prefix + "StartAt", $"StartAt '{scope.StartAt}' does not name a state in this scope."));
        }

        foreach (var state in scope.States.Values)
        {
            foreach (var (target, location) in Transitions(state))
            {
                if (!scope.States.ContainsKey(target))
                {
                    errors.Add(new DefinitionError(location, $"'{target}' does not name a state in this scope."));
                }
            }

            switch (state)
            {
                case ParallelState p:
                    foreach (var branch in p.Branches)
                    {
                        ValidateScope(branch, errors);
                    }

                    break;
                case MapState m:
                    ValidateScope(m.Processor, errors);
                    break;
            }
        }

        if (scope.States.ContainsKey(scope.StartAt))
        {
            var reached = new HashSet<string>(StringComparer.Ordinal) { scope.StartAt };
            var queue = new Queue<string>([scope.StartAt]);
            while (queue.TryDequeue(out var name))
            {
                foreach (var (target, _) in Transitions(scope.States[name]))
                {
                    if (scope.States.ContainsKey(target) && reached.Add(target))
                    {
                        queue.Enqueue(target);
                    }
                }
            }

            foreach (var state in scope.States.Values.Where(s => !reached.Contains(s.Name)))
            {
                errors.Add(new DefinitionError(state.Location, $"State '{state.Name}' is not reachable from StartAt '{scope.StartAt}'."));
            }
        }
    }

    private static IEnumerable<(string Target, string Location)> Transitions(State state)
    {
        if (state.Next is { } next)
        {
            yield return (next, state.Location + ".Next");
        }

        if (state is ChoiceState choice)
        {
            for (var i = 0; i < choice.Choices.Count; i++)
            {
                if (choice.Choices[i].Next is { } n)
                {
                    yield return (n, $"{state.Location}.Choices[{i}].Next");
                }
            }

            if (choice.Default is { } d)
            {
                yield return (d, state.Location + ".Default");
            }
        }

        if (state is ResultState rs)
        {
            for (var i = 0; i < rs.Catch.Count; i++)
            {
                yield return (rs.Catch[i].Next, $"{state.Location}.Catch[{i}].Next");
            }
        }
    }
}
