using System.Text.RegularExpressions;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.Analysis;

/// <summary>
/// Pairs forward side effects with the states that undo them. An explicit map wins; without one, conventions:
/// <list type="number">
/// <item>same Lambda function, different <c>action</c>/<c>operation</c> in the payload, and the candidate cannot reach a
/// successful end without a Catch (it lives on the failure side) — "function" pairing;</item>
/// <item>the candidate's name is a compensating verb (Refund, Release, Cancel, Undo, Compensate, Revert, Rollback, Reverse,
/// Void, Delete, Remove, Unreserve, Restore) followed by the forward state's noun (its name minus the first word) or its
/// whole name — "name" pairing (<c>ChargePayment</c> → <c>RefundPayment</c>, <c>ChargePayment</c> → <c>UndoChargePayment</c>).</item>
/// </list>
/// In both, the forward state must be reachable from StartAt without passing through the candidate, and the candidate
/// reachable from the forward state. Forward states are taken in the order the forward path meets them; each gets at most
/// one compensation and a compensation undoes one step, so <c>CancelOrder</c> pairs with the first <c>…Order</c> step
/// (the one that created the order) and later steps on the same noun stay uncompensated, which the report prints.
/// </summary>
internal static partial class CompensationInference
{
    private static readonly HashSet<string> CompensatingVerbs = new(StringComparer.Ordinal)
    {
        "Refund", "Release", "Cancel", "Undo", "Compensate", "Revert", "Rollback", "Reverse", "Void", "Delete", "Remove", "Unreserve", "Restore",
    };

    public static List<CompensationPair> FromConfig(StateGraph graph, string scope, IReadOnlyDictionary<string, string> map) =>
        [.. map.Where(kv => graph.Definition.States.ContainsKey(kv.Key) && graph.Definition.States.ContainsKey(kv.Value))
            .Select(kv => new CompensationPair(scope, kv.Key, kv.Value, "--compensations"))];

    public static List<CompensationPair> FromConventions(StateGraph graph, string scope)
    {
        var order = ForwardOrder(graph);
        var definitionOrder = graph.AllStates.Select((s, i) => (s.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
        var failureSide = graph.CanReach(StateGraph.IsSuccessEnd, StateGraph.IsForward);
        var forwardSteps = graph.AllStates.Where(ResourceClassifier.IsSideEffect)
            .OrderBy(s => order.GetValueOrDefault(s.Name, int.MaxValue)).ThenBy(s => definitionOrder[s.Name]).ToList();
        var processed = new HashSet<string>(StringComparer.Ordinal);
        var compensations = new HashSet<string>(StringComparer.Ordinal);
        var pairs = new List<CompensationPair>();
        foreach (var forward in forwardSteps)
        {
            if (compensations.Contains(forward.Name))
            {
                continue;
            }

            processed.Add(forward.Name);
            var best = graph.AllStates.OfType<TaskState>()
                .Where(c => c.Name != forward.Name && !processed.Contains(c.Name) && !compensations.Contains(c.Name))
                .Select(c => (Candidate: c, Reason: Match(graph, forward, c, failureSide)))
                .Where(x => x.Reason is not null && InDirection(graph, forward.Name, x.Candidate.Name))
                .OrderByDescending(x => x.Reason!.Length)
                .ThenBy(x => definitionOrder[x.Candidate.Name])
                .FirstOrDefault();
            if (best.Candidate is not null)
            {
                compensations.Add(best.Candidate.Name);
                pairs.Add(new CompensationPair(scope, forward.Name, best.Candidate.Name, best.Reason!));
            }
        }

        return pairs;
    }

    private static string? Match(StateGraph graph, State forward, TaskState candidate, HashSet<string> canSucceed)
    {
        var byName = NameMatches(forward.Name, candidate.Name);
        var byFunction = false;
        if (forward is TaskState f && !canSucceed.Contains(candidate.Name))
        {
            var fn = ResourceClassifier.FunctionOf(f, graph.RawState(f.Name));
            var fa = ResourceClassifier.ActionOf(graph.RawState(f.Name));
            var cn = ResourceClassifier.FunctionOf(candidate, graph.RawState(candidate.Name));
            var ca = ResourceClassifier.ActionOf(graph.RawState(candidate.Name));
            byFunction = fn is not null && fn == cn && fa is not null && ca is not null && fa != ca;
        }

        // The reason's length doubles as its strength when ranking candidates: both > function > name.
        return (byName, byFunction) switch
        {
            (true, true) => "convention: same function, other action, and compensating name",
            (false, true) => "convention: same function, other action",
            (true, false) => "convention: compensating name",
            _ => null,
        };
    }

    internal static bool NameMatches(string forward, string candidate)
    {
        var c = FirstWord().Match(candidate);
        if (!c.Success || !CompensatingVerbs.Contains(c.Value))
        {
            return false;
        }

        var rest = candidate[c.Length..];
        var f = FirstWord().Match(forward);
        var noun = f.Success ? forward[f.Length..] : forward;
        return rest.Length > 0 && (rest == forward || (noun.Length > 0 && rest == noun));
    }

    private static bool InDirection(StateGraph graph, string forward, string candidate)
    {
        var blocked = new HashSet<string>(StringComparer.Ordinal) { candidate };
        return graph.Reachable([graph.Definition.StartAt], _ => true, blocked).Contains(forward)
            && graph.Reachable([forward], _ => true).Contains(candidate);
    }

    private static Dictionary<string, int> ForwardOrder(StateGraph graph)
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal) { [graph.Definition.StartAt] = 0 };
        var queue = new Queue<string>([graph.Definition.StartAt]);
        while (queue.Count > 0)
        {
            foreach (var e in graph.Out(queue.Dequeue()).Where(StateGraph.IsForward))
            {
                if (order.TryAdd(e.To, order.Count))
                {
                    queue.Enqueue(e.To);
                }
            }
        }

        return order;
    }

    [GeneratedRegex("^[A-Z][a-z0-9]*")]
    private static partial Regex FirstWord();
}
