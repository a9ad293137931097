using System.Text.Json.Nodes;
using OrderSaga.Local.States;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.Analysis;

/// <summary>
/// Proves saga rules from the graph of any state machine. The forward path is every state reachable from StartAt
/// through Next/Choice edges, without entering a compensation, that can still reach a successful end. A failure edge
/// leaves it: a Catch.Next, Choice branch or Default whose target is off the forward path (a Catch back onto it is a
/// tolerated failure); a Choice edge off the forward path is the business failure of the last side effect before it,
/// which therefore counts as not completed. From each failure edge, every path to a terminal state must run the compensations of all side
/// effects completed before the failing state, in reverse order; a compensation's own Catch escalates (the path is
/// exempt from the order but must not end in Succeed); no path after a failure may end in Succeed once a side effect
/// happened.
/// </summary>
public static class SagaVerifier
{
    private const int MaxForwardVisits = 20_000;

    public static MachineReport Verify(MachineSource source, IReadOnlyDictionary<string, string>? compensations = null)
    {
        var findings = new List<Finding>();
        var raw = source.Definition.DeepClone();
        var parsed = AslParser.Parse(raw);
        if (!parsed.Succeeded)
        {
            var unreachable = parsed.Errors.Where(IsUnreachable).ToList();
            findings.AddRange(unreachable.Select(e => new Finding(FindingRules.UnreachableState, Severity.Error, e.Location, e.Message)));
            findings.AddRange(parsed.Errors.Where(e => !IsUnreachable(e)).Select(e => new Finding(FindingRules.InvalidDefinition, Severity.Error, e.Location, e.Message)));
            if (unreachable.Count == parsed.Errors.Count && raw is JsonObject prunable)
            {
                // The engine refuses unreachable states; dropping them lets the rest of the graph still be checked.
                Prune(prunable, "", unreachable.Select(e => e.Location).ToHashSet(StringComparer.Ordinal));
                parsed = AslParser.Parse(raw);
            }
        }

        var builder = new ReportBuilder(findings);
        if (parsed.Definition is { } definition && raw is JsonObject rawObject)
        {
            VerifyScope(new StateGraph(definition, rawObject), "$", compensations, builder);
            if (compensations is not null)
            {
                var known = builder.AllStateNames;
                foreach (var (forward, compensation) in compensations)
                {
                    foreach (var name in new[] { forward, compensation }.Where(n => !known.Contains(n)))
                    {
                        findings.Add(new Finding(FindingRules.UnknownCompensationState, Severity.Error, $"compensations.{forward}", $"The compensations file names '{name}', which is not a state of {source.Name}."));
                    }
                }
            }
        }

        return new MachineReport(
            source.Name,
            source.Origin,
            builder.SideEffects,
            builder.ReadOnlyTasks,
            builder.Pairs,
            builder.Uncompensated,
            builder.FailureEdges,
            builder.Tolerated,
            [.. findings.DistinctBy(f => (f.Rule, f.Location)).OrderBy(f => f.Location, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal)]);
    }

    private static bool IsUnreachable(DefinitionError e) => e.Message.Contains("is not reachable from StartAt", StringComparison.Ordinal);

    private static void Prune(JsonObject scope, string prefix, HashSet<string> locations)
    {
        if (scope["States"] is not JsonObject states)
        {
            return;
        }

        var statesLocation = prefix.Length == 0 ? "States" : $"{prefix}.States";
        foreach (var (name, node) in states.ToList())
        {
            var location = $"{statesLocation}.{name}";
            if (locations.Contains(location))
            {
                states.Remove(name);
                continue;
            }

            if (node?["Branches"] is JsonArray branches)
            {
                for (var i = 0; i < branches.Count; i++)
                {
                    if (branches[i] is JsonObject b)
                    {
                        Prune(b, $"{location}.Branches[{i}]", locations);
                    }
                }
            }

            foreach (var field in new[] { "ItemProcessor", "Iterator" })
            {
                if (node?[field] is JsonObject p)
                {
                    Prune(p, $"{location}.{field}", locations);
                }
            }
        }
    }

    private static void VerifyScope(StateGraph graph, string scope, IReadOnlyDictionary<string, string>? compensations, ReportBuilder report)
    {
        var top = scope == "$";
        string Display(State s) => top ? s.Name : s.Location;
        foreach (var state in graph.AllStates)
        {
            report.AllStateNames.Add(state.Name);
            CheckState(state, report.Findings);
            if (state is ParallelState p)
            {
                for (var i = 0; i < p.Branches.Count; i++)
                {
                    if (graph.RawState(p.Name)?["Branches"]?[i] is JsonObject rawBranch)
                    {
                        VerifyScope(new StateGraph(p.Branches[i], rawBranch), $"{p.Location}.Branches[{i}]", compensations, report);
                    }
                }
            }
            else if (state is MapState m && (graph.RawState(m.Name)?["ItemProcessor"] ?? graph.RawState(m.Name)?["Iterator"]) is JsonObject rawProcessor)
            {
                VerifyScope(new StateGraph(m.Processor, rawProcessor), m.Processor.Location, compensations, report);
            }
        }

        var cannotEnd = graph.AllStates.Select(s => s.Name).Except(graph.CanReach(StateGraph.IsTerminal, _ => true)).ToList();
        report.Findings.AddRange(cannotEnd.Select(n => new Finding(FindingRules.NoPathToEnd, Severity.Error, graph[n].Location, $"No path from '{n}' reaches a Succeed, a Fail or a state with End: the execution can only loop until it times out.")));

        var pairs = compensations is null ? CompensationInference.FromConventions(graph, scope) : CompensationInference.FromConfig(graph, scope, compensations);
        report.Pairs.AddRange(pairs);
        var compensationOf = pairs.ToDictionary(p => p.Forward, p => p.Compensation, StringComparer.Ordinal);
        var compensationStates = pairs.Select(p => p.Compensation).ToHashSet(StringComparer.Ordinal);

        var reachable = graph.Reachable([graph.Definition.StartAt], StateGraph.IsForward, compensationStates);
        var succeeding = graph.CanReach(StateGraph.IsSuccessEnd, StateGraph.IsForward, compensationStates);
        var forward = reachable.Where(succeeding.Contains).ToHashSet(StringComparer.Ordinal);
        if (forward.Count == 0)
        {
            forward = reachable;
        }

        foreach (var s in graph.AllStates)
        {
            if (ResourceClassifier.IsSideEffect(s))
            {
                report.SideEffects.Add(Display(s));
                if (forward.Contains(s.Name) && !compensationOf.ContainsKey(s.Name))
                {
                    report.Uncompensated.Add(Display(s));
                }
            }
            else if (s is TaskState)
            {
                report.ReadOnlyTasks.Add(Display(s));
            }
        }

        var entering = PriorEffects(graph, forward, out var truncated);
        if (truncated)
        {
            report.Findings.Add(new Finding(FindingRules.TooManyPaths, Severity.Warning, scope, $"The forward path has more than {MaxForwardVisits} distinct routes; only the first were checked."));
        }

        foreach (var name in forward)
        {
            var state = graph[name];
            var sequences = entering.GetValueOrDefault(name) ?? [];
            var owesCompensation = sequences.Any(seq => seq.Any(compensationOf.ContainsKey));
            if (state is ResultState r && owesCompensation)
            {
                if (r.Catch.Count == 0)
                {
                    report.Findings.Add(new Finding(FindingRules.UncaughtFailure, Severity.Error, $"{state.Location}.Catch", $"'{name}' has no Catch: when it fails, the execution ends without running {string.Join(", ", Owed(sequences[0], compensationOf))}."));
                }
                else if (!r.Catch.Any(c => c.ErrorEquals.Contains("States.ALL")))
                {
                    report.Findings.Add(new Finding(FindingRules.PartialCatch, Severity.Warning, $"{state.Location}.Catch", $"No catcher of '{name}' matches States.ALL: other errors end the execution without compensation."));
                }
            }

            foreach (var edge in graph.Out(name))
            {
                if (edge.Kind == EdgeKind.Next)
                {
                    continue;
                }

                if (forward.Contains(edge.To))
                {
                    if (edge.Kind == EdgeKind.Catch)
                    {
                        report.Tolerated.Add(new ToleratedFailure(edge.Location, Display(state), edge.To));
                    }

                    continue;
                }

                report.FailureEdges.Add(edge.Location);
                foreach (var seq in sequences)
                {
                    // A Choice that leaves the forward path reports the business failure of the step whose result it tests
                    // (DECLINED, OUT_OF_STOCK): that step, like a failing Task, did not complete its effect.
                    var completed = edge.Kind == EdgeKind.Catch || seq.Count == 0 ? seq : seq[..^1];
                    FollowFailure(graph, edge, completed, compensationOf, compensationStates, report.Findings);
                }
            }
        }
    }

    private static void CheckState(State state, List<Finding> findings)
    {
        if (state is ChoiceState { Default: null })
        {
            findings.Add(new Finding(FindingRules.ChoiceWithoutDefault, Severity.Error, $"{state.Location}.Default", $"Choice '{state.Name}' has no Default: input that matches no rule fails the execution with States.NoChoiceMatched, skipping every compensation."));
        }

        if (state is not TaskState task)
        {
            return;
        }

        if (task.TimeoutSeconds is null && task.TimeoutSecondsPath is null)
        {
            findings.Add(new Finding(FindingRules.TaskWithoutTimeout, Severity.Error, $"{state.Location}.TimeoutSeconds", $"Task '{state.Name}' has no TimeoutSeconds or TimeoutSecondsPath: a hung call waits up to a year."));
        }

        if (task.Retry.Count == 0)
        {
            findings.Add(new Finding(FindingRules.TaskWithoutRetry, Severity.Error, $"{state.Location}.Retry", $"Task '{state.Name}' has no Retry: a transient error fails it at once."));
        }

        for (var i = 0; i < task.Retry.Count; i++)
        {
            if (task.Retry[i].JitterStrategy != JitterStrategy.Full)
            {
                findings.Add(new Finding(FindingRules.RetryWithoutJitter, Severity.Warning, $"{state.Location}.Retry[{i}].JitterStrategy", $"Retrier {i} of '{state.Name}' has no JitterStrategy FULL: retries of many executions arrive in lockstep."));
            }

            if (task.Retry[i].MaxDelaySeconds is null)
            {
                findings.Add(new Finding(FindingRules.RetryWithoutMaxDelay, Severity.Warning, $"{state.Location}.Retry[{i}].MaxDelaySeconds", $"Retrier {i} of '{state.Name}' has no MaxDelaySeconds: exponential backoff is unbounded."));
            }
        }
    }

    /// <summary>For each forward state, the distinct sequences of side effects that can have completed before it is entered.</summary>
    private static Dictionary<string, List<List<string>>> PriorEffects(StateGraph graph, HashSet<string> forward, out bool truncated)
    {
        var result = new Dictionary<string, List<List<string>>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var visits = 0;
        var cut = false;

        void Walk(string name, List<string> done)
        {
            if (++visits > MaxForwardVisits)
            {
                cut = true;
                return;
            }

            if (seen.Add($"{name}\u0000{string.Join('\u0000', done)}"))
            {
                if (!result.TryGetValue(name, out var list))
                {
                    result[name] = list = [];
                }

                list.Add(done);
            }

            var next = ResourceClassifier.IsSideEffect(graph[name]) ? [.. done, name] : done;
            onPath.Add(name);
            foreach (var e in graph.Out(name).Where(e => StateGraph.IsForward(e) && forward.Contains(e.To) && !onPath.Contains(e.To)))
            {
                Walk(e.To, next);
            }

            onPath.Remove(name);
        }

        if (forward.Contains(graph.Definition.StartAt))
        {
            Walk(graph.Definition.StartAt, []);
        }

        truncated = cut;
        return result;
    }

    private static List<string> Owed(List<string> done, Dictionary<string, string> compensationOf) =>
        [.. Enumerable.Reverse(done).Where(compensationOf.ContainsKey).Select(f => compensationOf[f])];

    private readonly record struct Node(string State, int Matched, bool Escalated);

    private static void FollowFailure(StateGraph graph, Edge edge, List<string> done, Dictionary<string, string> compensationOf, HashSet<string> compensationStates, List<Finding> findings)
    {
        var owedFor = Enumerable.Reverse(done).Where(compensationOf.ContainsKey).ToList();
        var owed = owedFor.Select(f => compensationOf[f]).ToList();
        var start = new Node(edge.To, owed.Count > 0 && owed[0] == edge.To ? 1 : 0, false);
        var parent = new Dictionary<Node, Node?> { [start] = null };
        var queue = new Queue<Node>([start]);
        var reportedOrder = false;
        var reportedSucceed = false;
        var after = done.Count == 0 ? "" : $" after {string.Join(", ", done)}";
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            var state = graph[node.State];
            if (StateGraph.IsTerminal(state))
            {
                if (!reportedSucceed && StateGraph.IsSuccessEnd(state) && done.Count > 0)
                {
                    reportedSucceed = true;
                    findings.Add(new Finding(FindingRules.FailureEndsInSucceed, Severity.Error, edge.Location, $"A failure{after} can end the execution in success at '{state.Name}' via {Route(edge, parent, node)}."));
                }

                if (!reportedOrder && !node.Escalated && node.Matched < owed.Count)
                {
                    reportedOrder = true;
                    var route = PathOf(parent, node);
                    var missing = owed.Where(c => !route.Contains(c)).ToList();
                    findings.Add(missing.Count > 0
                        ? new Finding(FindingRules.CompensationMissing, Severity.Error, edge.Location, $"A failure{after} reaches '{state.Name}' via {Route(edge, parent, node)} without running {string.Join(", ", missing.Select(c => $"{c} (undoes {owedFor[owed.IndexOf(c)]})"))}.")
                        : new Finding(FindingRules.CompensationOrder, Severity.Error, edge.Location, $"A failure{after} runs the compensations as {string.Join(" → ", route.Where(compensationStates.Contains))} via {Route(edge, parent, node)}; they must run in reverse order of the forward steps: {string.Join(" → ", owed)}."));
                }
            }

            foreach (var e in graph.Out(node.State))
            {
                var escalated = node.Escalated || (e.Kind == EdgeKind.Catch && compensationStates.Contains(node.State));
                var matched = escalated ? -1 : node.Matched < owed.Count && owed[node.Matched] == e.To ? node.Matched + 1 : node.Matched;
                var next = new Node(e.To, matched, escalated);
                if (parent.TryAdd(next, node))
                {
                    queue.Enqueue(next);
                }
            }
        }
    }

    private static List<string> PathOf(Dictionary<Node, Node?> parent, Node node)
    {
        var path = new List<string>();
        for (Node? n = node; n is { } current; n = parent[current])
        {
            path.Add(current.State);
        }

        path.Reverse();
        return path;
    }

    private static string Route(Edge edge, Dictionary<Node, Node?> parent, Node node) =>
        string.Join(" → ", new[] { edge.From }.Concat(PathOf(parent, node)));

    private sealed class ReportBuilder(List<Finding> findings)
    {
        public List<Finding> Findings { get; } = findings;

        public HashSet<string> AllStateNames { get; } = new(StringComparer.Ordinal);

        public List<string> SideEffects { get; } = [];

        public List<string> ReadOnlyTasks { get; } = [];

        public List<CompensationPair> Pairs { get; } = [];

        public List<string> Uncompensated { get; } = [];

        public List<string> FailureEdges { get; } = [];

        public List<ToleratedFailure> Tolerated { get; } = [];
    }
}
