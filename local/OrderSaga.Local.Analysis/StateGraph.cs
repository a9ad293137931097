using System.Text.Json.Nodes;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.Analysis;

/// <summary>The transitions of one scope (the machine, or one Parallel branch / Map processor) and its raw JSON.</summary>
internal sealed class StateGraph
{
    private readonly Dictionary<string, List<Edge>> _out = new(StringComparer.Ordinal);

    public StateGraph(StateMachineDefinition definition, JsonObject raw)
    {
        Definition = definition;
        Raw = raw;
        foreach (var state in definition.States.Values)
        {
            var edges = new List<Edge>();
            if (state is ChoiceState choice)
            {
                for (var i = 0; i < choice.Choices.Count; i++)
                {
                    if (choice.Choices[i].Next is { } next)
                    {
                        edges.Add(new Edge(state.Name, next, EdgeKind.Choice, $"{state.Location}.Choices[{i}].Next"));
                    }
                }

                if (choice.Default is { } d)
                {
                    edges.Add(new Edge(state.Name, d, EdgeKind.Default, $"{state.Location}.Default"));
                }
            }
            else if (!state.End && state.Next is { } next)
            {
                edges.Add(new Edge(state.Name, next, EdgeKind.Next, $"{state.Location}.Next"));
            }

            if (state is ResultState result)
            {
                for (var i = 0; i < result.Catch.Count; i++)
                {
                    edges.Add(new Edge(state.Name, result.Catch[i].Next, EdgeKind.Catch, $"{state.Location}.Catch[{i}].Next"));
                }
            }

            _out[state.Name] = edges;
        }
    }

    public StateMachineDefinition Definition { get; }

    public JsonObject Raw { get; }

    public IEnumerable<State> AllStates => Definition.States.Values;

    public State this[string name] => Definition.States[name];

    public IReadOnlyList<Edge> Out(string state) => _out[state];

    public JsonObject? RawState(string name) => Raw["States"]?[name] as JsonObject;

    public static bool IsTerminal(State s) => s is SucceedState or FailState || s.End;

    /// <summary>Ends the execution successfully: a Succeed, or any non-Fail state with End.</summary>
    public static bool IsSuccessEnd(State s) => s is SucceedState || (s.End && s is not FailState);

    /// <summary>States reachable from <paramref name="from"/> through edges <paramref name="follow"/> accepts, never entering <paramref name="blocked"/>.</summary>
    public HashSet<string> Reachable(IEnumerable<string> from, Func<Edge, bool> follow, IReadOnlySet<string>? blocked = null)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>();
        foreach (var s in from)
        {
            if (Definition.States.ContainsKey(s) && (blocked is null || !blocked.Contains(s)) && seen.Add(s))
            {
                queue.Enqueue(s);
            }
        }

        while (queue.Count > 0)
        {
            foreach (var e in Out(queue.Dequeue()))
            {
                if (follow(e) && (blocked is null || !blocked.Contains(e.To)) && seen.Add(e.To))
                {
                    queue.Enqueue(e.To);
                }
            }
        }

        return seen;
    }

    /// <summary>States from which some state matching <paramref name="goal"/> is reachable through the accepted edges.</summary>
    public HashSet<string> CanReach(Func<State, bool> goal, Func<Edge, bool> follow, IReadOnlySet<string>? blocked = null)
    {
        var result = new HashSet<string>(AllStates.Where(s => goal(s) && (blocked is null || !blocked.Contains(s.Name))).Select(s => s.Name), StringComparer.Ordinal);
        var changed = true;
        while (changed)
        {
            changed = false;
            foreach (var s in AllStates)
            {
                if (!result.Contains(s.Name) && (blocked is null || !blocked.Contains(s.Name)) && Out(s.Name).Any(e => follow(e) && result.Contains(e.To)))
                {
                    result.Add(s.Name);
                    changed = true;
                }
            }
        }

        return result;
    }

    public static bool IsForward(Edge e) => e.Kind != EdgeKind.Catch;
}
