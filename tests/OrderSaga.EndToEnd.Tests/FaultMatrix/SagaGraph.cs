using OrderSaga.Local.States;
using OrderSaga.Local.States.Model;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// The saga's ASL as a graph: its Task states, and for each one the cheapest way to drive an order there. Reaching a
/// state may need other states to fail first (a compensation runs only after a forward step failed): those "helper"
/// faults are non-retryable failures of the states whose Catch leads on, and the plan uses as few as it can, then the
/// longest path (the most effects done before the failure, so that a compensation has something to undo).
/// </summary>
internal sealed class SagaGraph
{
    private SagaGraph(StateMachineDefinition definition, string source)
    {
        Definition = definition;
        Source = source;
        var nested = definition.States.Values.FirstOrDefault(s => s is ParallelState or MapState);
        if (nested is not null)
        {
            throw new NotSupportedException(
                $"{source}: state '{nested.Name}' is a {nested.TypeName}; the fault matrix enumerates top-level Task states only and would miss the Task states inside it.");
        }

        TaskStates = [.. definition.States.Values.OfType<TaskState>()];
    }

    public StateMachineDefinition Definition { get; }

    /// <summary>Where the definition was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>Every Task state, in definition order.</summary>
    public IReadOnlyList<TaskState> TaskStates { get; }

    /// <summary>Parses ASL with the engine's parser; CDK placeholders such as <c>${AWS::Partition}</c> must already be resolved or left as plain text.</summary>
    public static SagaGraph Parse(string asl, string source)
    {
        var parsed = AslParser.Parse(asl);
        if (!parsed.Succeeded)
        {
            throw new InvalidOperationException($"{source} is not a valid state machine: {string.Join("; ", parsed.Errors.Select(e => $"{e.Location}: {e.Message}"))}");
        }

        return new SagaGraph(parsed.Definition!, source);
    }

    public static string ResourceKindOf(TaskState task) => task.Resource switch
    {
        var r when r.Contains(":lambda:invoke", StringComparison.Ordinal) || r.Contains(":function:", StringComparison.Ordinal) => "lambda",
        var r when r.Contains(":dynamodb:", StringComparison.Ordinal) => "dynamodb",
        var r when r.Contains(":events:", StringComparison.Ordinal) => "events",
        var r => throw new NotSupportedException($"Task resource '{r}' has no fault mapping in the local cloud."),
    };

    /// <summary>
    /// The helper faults (states made to fail, in path order) and the states the order is expected to pass through
    /// to reach <paramref name="target"/>, assuming each Choice takes its first rule on a healthy order.
    /// </summary>
    public (IReadOnlyList<string> Helpers, IReadOnlyList<string> Path) PlanRouteTo(string target)
    {
        if (!Definition.States.ContainsKey(target))
        {
            throw new ArgumentException($"{Source} has no state '{target}'", nameof(target));
        }

        (List<string> Helpers, List<string> Path)? best = null;
        var path = new List<string>();
        var helpers = new List<string>();
        var visited = new HashSet<string>(StringComparer.Ordinal);

        void Walk(string state)
        {
            if (!visited.Add(state))
            {
                return;
            }

            path.Add(state);
            if (state == target)
            {
                if (best is null || IsBetter(helpers, path, best.Value.Helpers, best.Value.Path))
                {
                    best = ([.. helpers], [.. path]);
                }
            }
            else
            {
                foreach (var (next, helper) in Edges(Definition.States[state]))
                {
                    if (helper)
                    {
                        helpers.Add(state);
                    }

                    Walk(next);
                    if (helper)
                    {
                        helpers.RemoveAt(helpers.Count - 1);
                    }
                }
            }

            path.RemoveAt(path.Count - 1);
            visited.Remove(state);
        }

        Walk(Definition.StartAt);
        return best is { } found
            ? (found.Helpers, found.Path)
            : throw new InvalidOperationException($"{Source}: no path from {Definition.StartAt} reaches '{target}' through successes, first Choice rules and catches of non-retryable errors; add a scenario for it.");
    }

    private static bool IsBetter(List<string> helpers, List<string> path, List<string> bestHelpers, List<string> bestPath)
    {
        if (helpers.Count != bestHelpers.Count)
        {
            return helpers.Count < bestHelpers.Count;
        }

        if (path.Count != bestPath.Count)
        {
            return path.Count > bestPath.Count;
        }

        return string.CompareOrdinal(string.Join('/', path), string.Join('/', bestPath)) < 0;
    }

    /// <summary>Where a state can lead: its success, a Choice's first rule, and the first catcher a non-retryable error of a Task matches.</summary>
    private static IEnumerable<(string Next, bool Helper)> Edges(State state)
    {
        switch (state)
        {
            case ChoiceState choice:
                if (choice.Choices.Count > 0 && choice.Choices[0].Next is { } first)
                {
                    yield return (first, false);
                }

                yield break;
            case TaskState task:
                if (task.Next is { } next)
                {
                    yield return (next, false);
                }

                if (task.Catch.FirstOrDefault(c => c.ErrorEquals.Any(e => e is "States.ALL" or "States.TaskFailed")) is { } catcher)
                {
                    yield return (catcher.Next, true);
                }

                yield break;
            default:
                if (state.Next is { } following)
                {
                    yield return (following, false);
                }

                yield break;
        }
    }
}
