using System.Text.Json.Nodes;

namespace OrderSaga.Workflow.Tests.Asl;

/// <summary>A top-level ASL state machine as a graph of states and labelled transitions (no Map/Parallel: the saga has none).</summary>
public sealed class AslGraph
{
    private AslGraph(string startAt, IReadOnlyDictionary<string, AslState> states)
    {
        StartAt = startAt;
        States = states;
    }

    public string StartAt { get; }

    public IReadOnlyDictionary<string, AslState> States { get; }

    public AslState this[string name] =>
        States.TryGetValue(name, out var state) ? state : throw new KeyNotFoundException($"the ASL has no state named '{name}'");

    public static AslGraph Parse(JsonObject definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var startAt = (string?)definition[nameof(StartAt)] ?? throw new FormatException("the ASL has no StartAt");
        var statesNode = definition[nameof(States)]?.AsObject() ?? throw new FormatException("the ASL has no States object");

        var states = new Dictionary<string, AslState>(StringComparer.Ordinal);
        foreach (var (name, node) in statesNode)
        {
            states[name] = ParseState(name, node?.AsObject() ?? throw new FormatException($"States.{name} is not an object"));
        }

        var graph = new AslGraph(startAt, states);
        if (!states.ContainsKey(startAt))
        {
            throw new FormatException($"StartAt names '{startAt}', which is not a state");
        }

        foreach (var edge in graph.Edges().Where(e => !states.ContainsKey(e.To)))
        {
            throw new FormatException($"States.{edge.From} goes to '{edge.To}' ({edge.Kind}), which is not a state");
        }

        return graph;
    }

    public IEnumerable<AslEdge> Edges() => States.Values.SelectMany(s => s.Edges());

    public IReadOnlySet<string> ReachableFrom(string start)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var pending = new Stack<string>([start]);
        while (pending.TryPop(out var name))
        {
            foreach (var edge in this[name].Edges())
            {
                if (seen.Add(edge.To))
                {
                    pending.Push(edge.To);
                }
            }
        }

        return seen;
    }

    /// <summary>
    /// Every path from <paramref name="start"/> to a terminal state, as the states visited in order with the edge that
    /// led into each. Throws on a cycle: the saga has no loops, and a loop would make this enumeration endless.
    /// </summary>
    public IReadOnlyList<AslPath> PathsFrom(string start, AslEdge? arrivedBy = null)
    {
        var paths = new List<AslPath>();
        Walk([new AslStep(start, arrivedBy)], paths);
        return paths;
    }

    private void Walk(List<AslStep> path, List<AslPath> paths)
    {
        var state = this[path[^1].State];
        if (state.IsTerminal)
        {
            paths.Add(new AslPath([.. path]));
            return;
        }

        foreach (var edge in state.Edges())
        {
            if (path.Any(step => step.State == edge.To))
            {
                throw new InvalidOperationException($"cycle: {string.Join(" -> ", path.Select(s => s.State))} -> {edge.To}");
            }

            path.Add(new AslStep(edge.To, edge));
            Walk(path, paths);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static AslState ParseState(string name, JsonObject node)
    {
        var type = (string?)node["Type"] ?? throw new FormatException($"States.{name} has no Type");
        var choices = node["Choices"]?.AsArray()
            .Select((c, i) => (string?)c?["Next"] ?? throw new FormatException($"States.{name}.Choices[{i}] has no Next"))
            .ToList() ?? [];
        var catchers = node["Catch"]?.AsArray()
            .Select((c, i) => new AslCatcher(
                Strings(c?["ErrorEquals"], $"States.{name}.Catch[{i}].ErrorEquals"),
                (string?)c?["Next"] ?? throw new FormatException($"States.{name}.Catch[{i}] has no Next"),
                (string?)c?["ResultPath"]))
            .ToList() ?? [];
        var retriers = node["Retry"]?.AsArray()
            .Select((r, i) => new AslRetrier(
                Strings(r?["ErrorEquals"], $"States.{name}.Retry[{i}].ErrorEquals"),
                (int?)r?["MaxAttempts"] ?? 3,
                (double?)r?["IntervalSeconds"] ?? 1,
                (double?)r?["BackoffRate"] ?? 2,
                (double?)r?["MaxDelaySeconds"],
                (string?)r?["JitterStrategy"]))
            .ToList() ?? [];

        return new AslState(
            name,
            type,
            (string?)node["Next"],
            (bool?)node["End"] ?? false,
            choices,
            (string?)node["Default"],
            catchers,
            retriers,
            (int?)node["TimeoutSeconds"]);
    }

    private static List<string> Strings(JsonNode? node, string where) =>
        node?.AsArray().Select(e => (string?)e ?? throw new FormatException($"{where} holds a non-string")).ToList()
        ?? throw new FormatException($"{where} is missing");
}
