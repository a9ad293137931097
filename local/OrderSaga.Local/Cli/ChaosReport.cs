using System.Globalization;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>The chaos report: the JSON written with <c>--report</c>, and the summary printed at the end.</summary>
internal static class ChaosReport
{
    private const int ViolationsPrinted = 25;

    public static JsonObject ToJson(ChaosRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = result.Verdict;
        var plan = result.Plan;
        var violations = new JsonArray();
        foreach (var v in verdict.Violations)
        {
            violations.Add(new JsonObject { ["invariant"] = v.Invariant, ["orderId"] = v.OrderId, ["detail"] = v.Detail });
        }

        var byInvariant = new JsonObject();
        foreach (var name in ChaosInvariants.All)
        {
            byInvariant[name] = verdict.Violations.Count(v => v.Invariant == name);
        }

        var manual = new JsonArray();
        foreach (var m in verdict.ManualActions)
        {
            manual.Add(new JsonObject
            {
                ["orderId"] = m.OrderId,
                ["failedStep"] = m.FailedStep,
                ["orderStatus"] = m.OrderStatus,
                ["paymentStatus"] = m.PaymentStatus,
                ["netCharged"] = m.NetCharged,
                ["unitsHeld"] = Counts(m.UnitsHeld.ToDictionary(u => u.Key, u => u.Value)),
            });
        }

        var b = verdict.Balances;
        var accepted = result.Snapshot.Sent.Count(s => s.EventId is not null);
        return new JsonObject
        {
            ["violations"] = violations,
            ["violationsByInvariant"] = byInvariant,
            ["orders"] = plan.Orders.Count,
            ["ordersTerminal"] = verdict.Outcomes.Values.Count(ChaosOutcomes.IsTerminal),
            ["byOutcome"] = Counts(verdict.Outcomes.Values.GroupBy(o => o, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (decimal)g.Count())),
            ["restarts"] = result.RunningAtRestart.Count,
            ["runningAtRestart"] = new JsonArray([.. result.RunningAtRestart.Select(n => (JsonNode)n)]),
            ["faultsInjected"] = Counts(result.Faults.ByKind.ToDictionary(k => k.Key, k => (decimal)k.Value)),
            ["faultsTotal"] = result.Faults.Total,
            ["faultsByState"] = Counts(result.Faults.ByState.ToDictionary(k => k.Key, k => (decimal)k.Value)),
            ["callsConsidered"] = result.Faults.Calls,
            ["eventsSent"] = result.Snapshot.Sent.Count,
            ["eventsAccepted"] = accepted,
            ["duplicatesSent"] = plan.Orders.Count(o => o.Duplicate),
            ["malformedSent"] = plan.Orders.Count(o => o.Malformed),
            ["overStockSent"] = plan.Orders.Count(o => o.OverStock),
            ["decliningCardsSent"] = plan.Orders.Count(o => o.Token is "tok_chargeDeclined" or "tok_insufficientFunds"),
            ["executions"] = result.Snapshot.Executions.Count,
            ["manualAction"] = manual,
            ["money"] = new JsonObject
            {
                ["charged"] = b.Charged,
                ["refunded"] = b.Refunded,
                ["confirmedTotal"] = b.ConfirmedTotal,
                ["heldByCompensationFailed"] = b.HeldByCompensationFailed,
                ["heldByUnsettled"] = b.HeldByUnsettled,
            },
            ["stock"] = new JsonObject
            {
                ["start"] = b.StockStart,
                ["end"] = b.StockEnd,
                ["confirmedUnits"] = b.ConfirmedUnits,
                ["heldByCompensationFailed"] = b.UnitsHeldByCompensationFailed,
                ["heldByUnsettled"] = b.UnitsHeldByUnsettled,
            },
            ["seconds"] = Math.Round(result.Elapsed.TotalSeconds, 1),
            ["publishSeconds"] = Math.Round(result.Publishing.TotalSeconds, 1),
            ["ended"] = result.Ended,
            ["seed"] = result.Options.Seed,
            ["faultRate"] = result.Options.FaultRate,
            ["restartEvery"] = result.Options.RestartEvery,
            ["tag"] = plan.Tag,
            ["invariants"] = new JsonArray([.. ChaosInvariants.All.Select(n => (JsonNode)n)]),
        };
    }

    public static void WriteSummary(ChaosRunResult result, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(writer);
        var verdict = result.Verdict;
        var b = verdict.Balances;
        writer.WriteLine();
        var invariants = new TextTable("INVARIANT", "VIOLATIONS");
        foreach (var name in ChaosInvariants.All)
        {
            invariants.Add(name, verdict.Violations.Count(v => v.Invariant == name).ToString(CultureInfo.InvariantCulture));
        }

        invariants.WriteTo(writer);
        writer.WriteLine();
        var outcomes = new TextTable("OUTCOME", "ORDERS");
        foreach (var group in verdict.Outcomes.Values.GroupBy(o => o, StringComparer.Ordinal).OrderByDescending(g => g.Count()))
        {
            outcomes.Add(group.Key, group.Count().ToString(CultureInfo.InvariantCulture));
        }

        outcomes.WriteTo(writer);
        writer.WriteLine();
        var plan = result.Plan;
        writer.WriteLine(Invariant($"orders {plan.Orders.Count} ({plan.Orders.Count(o => o.Duplicate)} sent twice, {plan.Orders.Count(o => o.Malformed)} malformed, {plan.Orders.Count(o => o.OverStock)} over stock), events {result.Snapshot.Sent.Count(s => s.EventId is not null)}/{result.Snapshot.Sent.Count} accepted, executions {result.Snapshot.Executions.Count}, terminal {verdict.Outcomes.Values.Count(ChaosOutcomes.IsTerminal)}/{plan.Orders.Count}"));
        writer.WriteLine(Invariant($"faults injected {result.Faults.Total} of {result.Faults.Calls} calls: {string.Join(", ", result.Faults.ByKind.Select(k => $"{k.Key} {k.Value}"))}"));
        writer.WriteLine(Invariant($"restarts {result.RunningAtRestart.Count} (executions running at each kill: {(result.RunningAtRestart.Count == 0 ? "-" : string.Join(", ", result.RunningAtRestart))})"));
        writer.WriteLine(Invariant($"money: charged {b.Charged} − refunded {b.Refunded} = {b.Charged - b.Refunded}; confirmed orders {b.ConfirmedTotal}; held by compensation failures {b.HeldByCompensationFailed}; unsettled {b.HeldByUnsettled}"));
        writer.WriteLine(Invariant($"stock: start {b.StockStart} − end {b.StockEnd} = {b.StockStart - b.StockEnd}; confirmed units {b.ConfirmedUnits}; held by compensation failures {b.UnitsHeldByCompensationFailed}; unsettled {b.UnitsHeldByUnsettled}"));
        writer.WriteLine(Invariant($"needing manual action (compensation failed, alert raised): {verdict.ManualActions.Count}{(verdict.ManualActions.Count == 0 ? string.Empty : ": " + string.Join(", ", verdict.ManualActions.Take(10).Select(m => $"{m.OrderId} at {m.FailedStep}")) + (verdict.ManualActions.Count > 10 ? ", ..." : string.Empty))}"));
        writer.WriteLine(Invariant($"wall time {result.Elapsed.TotalSeconds:0.0} s (publishing {result.Publishing.TotalSeconds:0.0} s){(result.Ended ? string.Empty : "; stopped waiting before every order ended")}"));
        if (verdict.Violations.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"{verdict.Violations.Count} violation(s){(verdict.Violations.Count > ViolationsPrinted ? $", the first {ViolationsPrinted}" : string.Empty)}:");
            foreach (var v in verdict.Violations.Take(ViolationsPrinted))
            {
                writer.WriteLine($"  {v.Invariant}  {v.OrderId ?? "-"}  {v.Detail}");
            }
        }
        else
        {
            writer.WriteLine("0 violations.");
        }
    }

    private static JsonObject Counts(Dictionary<string, decimal> counts)
    {
        var json = new JsonObject();
        foreach (var (name, value) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            json[name] = value;
        }

        return json;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
