using System.Globalization;
using OrderSaga.Contracts;

namespace OrderSaga.Local.Cli;

/// <summary>
/// The invariants a chaos run must keep, checked on a <see cref="ChaosSnapshot"/>. Each order is first given an
/// outcome from its executions and its row; what it holds (units in the inventory's reservations, money charged and
/// not refunded in its payments row) must then be what that outcome allows:
/// <list type="bullet">
/// <item><b>event-accounted</b>: every accepted well-formed event started an execution (its input's <c>id</c>) or sits
/// in the dead-letter queue; every accepted malformed event sits in the rejected-orders queue and started nothing; a
/// PutEvents entry that was refused is a violation too.</item>
/// <item><b>order-terminal</b>: every sent order ended: no execution still RUNNING, every execution ended as the
/// saga ends (SUCCEEDED at OrderConfirmed or OrderAlreadyRecorded, FAILED with OrderCancelled or
/// CompensationFailed), and a well-formed order has an execution unless its events were dead-lettered.</item>
/// <item><b>order-consistent</b>: the order row agrees with the executions: CONFIRMED exactly when an execution ended
/// OrderConfirmed and none OrderCancelled, CANCELLED when one ended OrderCancelled and none OrderConfirmed; a
/// compensation failure is exempt (it is the saga saying the data needs a person).</item>
/// <item><b>stock-non-negative</b>: no SKU has fewer than 0 units available; no reservation holds 0 or fewer.</item>
/// <item><b>stock-conserved</b>: per SKU, start − end = the units its reservations hold (the inventory's own books),
/// and start − end = units of confirmed orders + units still held by orders whose compensation failed (+ units held
/// by orders already reported as not terminal or inconsistent). Per order: a confirmed order holds exactly what it
/// ordered; any other order (cancelled, rejected, dead-lettered) holds nothing; a reservation by an order the run
/// never sent is a violation. With no compensation failure this is exactly "start − confirmed units = end".</item>
/// <item><b>money-conserved</b>: over the run, charged − refunded = total of confirmed orders + what orders whose
/// compensation failed still have charged (+ what unsettled orders have charged). Per order: a confirmed order is
/// charged exactly its total; any other order has nothing charged (declined, never charged, or refunded).
/// With no compensation failure this is exactly "charged − refunded = total of confirmed orders".</item>
/// <item><b>one-charge-per-order</b>: at most one payments row per order, a charge is for the order's own total, and
/// at most one execution per order was answered CHARGED by ChargePayment.</item>
/// <item><b>compensation-alerted</b>: every order with an execution that ended CompensationFailed has an event in the
/// alerts queue.</item>
/// </list>
/// An order whose compensation failed is not a violation: the saga stopped and called a person, as designed. It is
/// listed as a manual action with what it holds, and that counts in the balances.
/// </summary>
internal static class ChaosInvariants
{
    public const string EventAccounted = "event-accounted";
    public const string OrderTerminal = "order-terminal";
    public const string OrderConsistent = "order-consistent";
    public const string StockNonNegative = "stock-non-negative";
    public const string StockConserved = "stock-conserved";
    public const string MoneyConserved = "money-conserved";
    public const string OneChargePerOrder = "one-charge-per-order";
    public const string CompensationAlerted = "compensation-alerted";

    public static readonly IReadOnlyList<string> All =
        [EventAccounted, OrderTerminal, OrderConsistent, StockNonNegative, StockConserved, MoneyConserved, OneChargePerOrder, CompensationAlerted];

    public static ChaosVerdict Check(ChaosSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var violations = new List<ChaosViolation>();
        var planned = snapshot.Orders.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var executionsByOrder = snapshot.Executions.Where(e => e.OrderId is not null).ToLookup(e => e.OrderId!, StringComparer.Ordinal);
        var executionsByEvent = snapshot.Executions.Where(e => e.EventId is not null).ToLookup(e => e.EventId!, StringComparer.Ordinal);
        var rejected = snapshot.Rejected.Where(q => q.EventId is not null).Select(q => q.EventId!).ToHashSet(StringComparer.Ordinal);
        var deadLettered = snapshot.DeadLettered.Where(q => q.EventId is not null).Select(q => q.EventId!).ToHashSet(StringComparer.Ordinal);
        var alerted = snapshot.Alerts.Where(q => q.OrderId is not null).Select(q => q.OrderId!).ToHashSet(StringComparer.Ordinal);
        var sentByOrder = snapshot.Sent.ToLookup(s => s.OrderId, StringComparer.Ordinal);
        var paymentsByOrder = snapshot.Payments.ToLookup(p => p.OrderId, StringComparer.Ordinal);

        CheckEvents(snapshot, planned, executionsByEvent, rejected, deadLettered, violations);
        var held = UnitsHeld(snapshot, planned, violations);

        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        var manual = new List<ChaosManualAction>();
        var confirmedUnits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var manualUnits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var unsettledUnits = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal confirmedTotal = 0, manualNet = 0, unsettledNet = 0;
        foreach (var order in snapshot.Orders)
        {
            var executions = executionsByOrder[order.OrderId].ToList();
            var accepted = sentByOrder[order.OrderId].Where(s => s.EventId is not null).Select(s => s.EventId!).ToList();
            var outcome = Outcome(order, executions, accepted, snapshot.OrderRows.GetValueOrDefault(order.OrderId), rejected, deadLettered, sentByOrder[order.OrderId].Any(), violations);
            outcomes[order.OrderId] = outcome;

            var holds = held.GetValueOrDefault(order.OrderId) ?? new Dictionary<string, decimal>(StringComparer.Ordinal);
            var payments = paymentsByOrder[order.OrderId].ToList();
            var net = CheckCharges(order, payments, executions, violations);
            var payment = payments.FirstOrDefault();
            switch (outcome)
            {
                case ChaosOutcomes.CompensationFailed:
                    manual.Add(new ChaosManualAction(
                        order.OrderId,
                        snapshot.OrderRows.GetValueOrDefault(order.OrderId)?.Status,
                        payment?.Status,
                        net,
                        holds,
                        FailedStep(executions)));
                    manualNet += net;
                    Add(manualUnits, holds);
                    if (!alerted.Contains(order.OrderId))
                    {
                        violations.Add(new(CompensationAlerted, order.OrderId, "an execution ended CompensationFailed but no alert for the order is in the alerts queue"));
                    }

                    break;
                case ChaosOutcomes.Confirmed:
                    confirmedTotal += order.TotalAmount;
                    Add(confirmedUnits, order.Lines.ToDictionary(l => l.Key, l => (decimal)l.Value, StringComparer.Ordinal));
                    foreach (var sku in order.Lines.Keys.Union(holds.Keys, StringComparer.Ordinal))
                    {
                        var ordered = order.Lines.GetValueOrDefault(sku);
                        var holding = holds.GetValueOrDefault(sku);
                        if (holding != ordered)
                        {
                            violations.Add(new(StockConserved, order.OrderId, $"the confirmed order holds {Format(holding)} units of {sku} but ordered {ordered}"));
                        }
                    }

                    if (net != order.TotalAmount)
                    {
                        violations.Add(new(MoneyConserved, order.OrderId, $"the confirmed order totals {Format(order.TotalAmount)} but {Format(net)} is charged (payment {payment?.Status ?? "none"})"));
                    }

                    break;
                case ChaosOutcomes.NotTerminal or ChaosOutcomes.Inconsistent:
                    // Already a violation; what it holds is kept apart so the balances still add up to what the tables say.
                    unsettledNet += net;
                    Add(unsettledUnits, holds);
                    break;
                default:
                    foreach (var (sku, units) in holds)
                    {
                        violations.Add(new(StockConserved, order.OrderId, $"the order ended {outcome} but still holds {Format(units)} units of {sku}"));
                    }

                    if (net != 0)
                    {
                        violations.Add(new(MoneyConserved, order.OrderId, $"the order ended {outcome} but {Format(net)} is still charged (payment {payment?.Status})"));
                    }

                    break;
            }
        }

        // A payments row for an order the run did not plan still moved money: it counts, and is wrong.
        foreach (var stray in snapshot.Payments.Where(p => !planned.ContainsKey(p.OrderId)))
        {
            violations.Add(new(MoneyConserved, stray.OrderId, $"a payments row ({stray.Status ?? "no status"}, {Format(stray.Amount)}) exists for an order this run never sent"));
        }

        var stock = CheckStock(snapshot, confirmedUnits, manualUnits, unsettledUnits, violations);
        var charged = snapshot.Payments.Where(p => p.Status is PaymentStatus.Charged or PaymentStatus.Refunded).Sum(p => p.Amount);
        var refunded = snapshot.Payments.Where(p => p.Status == PaymentStatus.Refunded).Sum(p => p.Amount);
        if (charged - refunded != confirmedTotal + manualNet + unsettledNet)
        {
            violations.Add(new(
                MoneyConserved,
                null,
                $"charged {Format(charged)} − refunded {Format(refunded)} = {Format(charged - refunded)}, but confirmed orders total {Format(confirmedTotal)}"
                + $" and orders whose compensation failed hold {Format(manualNet)} (unsettled orders {Format(unsettledNet)})"));
        }

        var balances = new ChaosBalances(
            charged,
            refunded,
            confirmedTotal,
            manualNet,
            unsettledNet,
            stock.Start,
            stock.End,
            confirmedUnits.Values.Sum(),
            manualUnits.Values.Sum(),
            unsettledUnits.Values.Sum());
        return new ChaosVerdict(violations, outcomes, manual, balances);
    }

    private static void CheckEvents(
        ChaosSnapshot snapshot,
        Dictionary<string, ChaosOrder> planned,
        ILookup<string, ChaosExecution> executionsByEvent,
        HashSet<string> rejected,
        HashSet<string> deadLettered,
        List<ChaosViolation> violations)
    {
        foreach (var sent in snapshot.Sent)
        {
            if (sent.EventId is not { } id)
            {
                violations.Add(new(EventAccounted, sent.OrderId, $"PutEvents did not accept the event: {sent.Error ?? "no reason given"}"));
                continue;
            }

            var started = executionsByEvent[id].Select(e => Name(e.Arn)).ToList();
            if (planned.TryGetValue(sent.OrderId, out var order) && order.Malformed)
            {
                if (!rejected.Contains(id))
                {
                    violations.Add(new(EventAccounted, sent.OrderId, $"malformed event {id} is not in the rejected-orders queue"));
                }

                if (started.Count > 0)
                {
                    violations.Add(new(EventAccounted, sent.OrderId, $"malformed event {id} started execution(s) {string.Join(", ", started)}"));
                }

                continue;
            }

            if (started.Count == 0 && !deadLettered.Contains(id))
            {
                violations.Add(new(EventAccounted, sent.OrderId, $"event {id} was accepted but started no execution and is not in the dead-letter queue"));
            }

            if (rejected.Contains(id))
            {
                violations.Add(new(EventAccounted, sent.OrderId, $"well-formed event {id} was put in the rejected-orders queue"));
            }
        }
    }

    /// <summary>Order id → SKU → units, from the reservations of the run's SKUs; a reservation by an unknown order is a violation.</summary>
    private static Dictionary<string, Dictionary<string, decimal>> UnitsHeld(ChaosSnapshot snapshot, Dictionary<string, ChaosOrder> planned, List<ChaosViolation> violations)
    {
        var held = new Dictionary<string, Dictionary<string, decimal>>(StringComparer.Ordinal);
        foreach (var (sku, row) in snapshot.Inventory)
        {
            foreach (var (orderId, units) in row.Reservations)
            {
                if (!planned.ContainsKey(orderId))
                {
                    violations.Add(new(StockConserved, orderId, $"{sku} has a reservation of {Format(units)} units by an order this run never sent"));
                }

                if (!held.TryGetValue(orderId, out var bySku))
                {
                    held[orderId] = bySku = new Dictionary<string, decimal>(StringComparer.Ordinal);
                }

                bySku[sku] = units;
            }
        }

        return held;
    }

    private static string Outcome(
        ChaosOrder order,
        List<ChaosExecution> executions,
        List<string> accepted,
        ChaosOrderRow? row,
        HashSet<string> rejected,
        HashSet<string> deadLettered,
        bool attempted,
        List<ChaosViolation> violations)
    {
        if (!attempted)
        {
            violations.Add(new(OrderTerminal, order.OrderId, "the order was never sent (the run stopped before it)"));
            return ChaosOutcomes.NotTerminal;
        }

        if (accepted.Count == 0)
        {
            // Refused by PutEvents: reported under event-accounted; nothing can have happened to it.
            return ChaosOutcomes.NotAccepted;
        }

        if (order.Malformed)
        {
            if (row is not null)
            {
                violations.Add(new(OrderConsistent, order.OrderId, $"a malformed order has an orders row ({row.Status})"));
            }

            return accepted.All(rejected.Contains) && executions.Count == 0 ? ChaosOutcomes.Rejected : ChaosOutcomes.Inconsistent;
        }

        if (executions.Count == 0)
        {
            if (accepted.All(deadLettered.Contains))
            {
                return ChaosOutcomes.DeadLettered;
            }

            violations.Add(new(OrderTerminal, order.OrderId, "no execution was started for the order and its event is not in the dead-letter queue"));
            return ChaosOutcomes.NotTerminal;
        }

        var running = false;
        foreach (var execution in executions)
        {
            var last = execution.States.Count > 0 ? execution.States[^1] : "(no state)";
            switch (execution.Status)
            {
                case "RUNNING":
                    running = true;
                    violations.Add(new(OrderTerminal, order.OrderId, $"execution {Name(execution.Arn)} is still RUNNING, in {last}"));
                    break;
                case "SUCCEEDED" when last is SagaStates.OrderConfirmed or SagaStates.OrderAlreadyRecorded:
                case "FAILED" when execution.Error is ErrorNames.OrderCancelled or ErrorNames.CompensationFailed:
                    break;
                default:
                    violations.Add(new(OrderTerminal, order.OrderId, $"execution {Name(execution.Arn)} ended {execution.Status} {execution.Error} in {last}, which is not how the saga ends"));
                    break;
            }
        }

        if (running)
        {
            return ChaosOutcomes.NotTerminal;
        }

        if (executions.Any(e => e.Error == ErrorNames.CompensationFailed))
        {
            return ChaosOutcomes.CompensationFailed;
        }

        var confirmed = executions.Any(e => e.Status == "SUCCEEDED" && e.States.Count > 0 && e.States[^1] == SagaStates.OrderConfirmed);
        var cancelled = executions.Any(e => e.Status == "FAILED" && e.Error == ErrorNames.OrderCancelled);
        if (row?.Status == OrderStatus.Confirmed && confirmed && !cancelled)
        {
            return ChaosOutcomes.Confirmed;
        }

        if (row?.Status == OrderStatus.Cancelled && cancelled && !confirmed)
        {
            return ChaosOutcomes.CancelledPrefix + (row.Reason ?? "?");
        }

        var ended = string.Join(", ", executions.Select(e => $"{Name(e.Arn)} {e.Status}{(e.Error is null ? string.Empty : " " + e.Error)} at {(e.States.Count > 0 ? e.States[^1] : "(no state)")}"));
        violations.Add(new(OrderConsistent, order.OrderId, $"the orders row is {row?.Status ?? "missing"} but the executions ended: {ended}"));
        return ChaosOutcomes.Inconsistent;
    }

    /// <summary>Checks one-charge-per-order and returns what the order has charged and not refunded.</summary>
    private static decimal CheckCharges(ChaosOrder order, List<ChaosPaymentRow> payments, List<ChaosExecution> executions, List<ChaosViolation> violations)
    {
        if (payments.Count > 1)
        {
            violations.Add(new(OneChargePerOrder, order.OrderId, $"{payments.Count} payments rows for one order"));
        }

        decimal net = 0;
        foreach (var payment in payments)
        {
            var charged = payment.Status is PaymentStatus.Charged or PaymentStatus.Refunded;
            if (charged && payment.Amount != order.TotalAmount)
            {
                violations.Add(new(OneChargePerOrder, order.OrderId, $"charged {Format(payment.Amount)} but the order totals {Format(order.TotalAmount)}"));
            }

            net += payment.Status == PaymentStatus.Charged ? payment.Amount : 0;
        }

        var charging = executions.Where(e => e.Charged).Select(e => Name(e.Arn)).ToList();
        if (charging.Count > 1)
        {
            violations.Add(new(OneChargePerOrder, order.OrderId, $"{charging.Count} executions were answered CHARGED: {string.Join(", ", charging)}"));
        }

        return net;
    }

    private static (decimal Start, decimal End) CheckStock(
        ChaosSnapshot snapshot,
        Dictionary<string, decimal> confirmedUnits,
        Dictionary<string, decimal> manualUnits,
        Dictionary<string, decimal> unsettledUnits,
        List<ChaosViolation> violations)
    {
        decimal start = 0, end = 0;
        foreach (var (sku, startUnits) in snapshot.StartStock.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            start += startUnits;
            if (!snapshot.Inventory.TryGetValue(sku, out var row))
            {
                violations.Add(new(StockConserved, null, $"{sku} started with {startUnits} units and is gone from the inventory table"));
                continue;
            }

            end += row.Available;
            if (row.Available < 0)
            {
                violations.Add(new(StockNonNegative, null, $"{sku} has {Format(row.Available)} units available"));
            }

            foreach (var (orderId, units) in row.Reservations.Where(r => r.Value <= 0))
            {
                violations.Add(new(StockNonNegative, orderId, $"{sku} has a reservation of {Format(units)} units"));
            }

            var taken = startUnits - row.Available;
            var reserved = row.Reservations.Values.Sum();
            if (taken != reserved)
            {
                violations.Add(new(StockConserved, null, $"{sku}: start {startUnits} − end {Format(row.Available)} = {Format(taken)} units taken, but its reservations hold {Format(reserved)}"));
            }

            var accounted = confirmedUnits.GetValueOrDefault(sku) + manualUnits.GetValueOrDefault(sku) + unsettledUnits.GetValueOrDefault(sku);
            if (taken != accounted)
            {
                violations.Add(new(
                    StockConserved,
                    null,
                    $"{sku}: start {startUnits} − end {Format(row.Available)} = {Format(taken)} units taken, but confirmed orders took {Format(confirmedUnits.GetValueOrDefault(sku))}"
                    + $" and orders whose compensation failed hold {Format(manualUnits.GetValueOrDefault(sku))} (unsettled orders {Format(unsettledUnits.GetValueOrDefault(sku))})"));
            }
        }

        return (start, end);
    }

    /// <summary>The compensation that failed, from the CompensationFailed execution's states: the last Task before PublishCompensationFailed.</summary>
    private static string FailedStep(List<ChaosExecution> executions)
    {
        var failed = executions.First(e => e.Error == ErrorNames.CompensationFailed);
        var at = failed.States.ToList().LastIndexOf(SagaStates.PublishCompensationFailed);
        return at > 0 ? failed.States[at - 1] : "?";
    }

    private static void Add(Dictionary<string, decimal> totals, IReadOnlyDictionary<string, decimal> units)
    {
        foreach (var (sku, n) in units)
        {
            totals[sku] = totals.GetValueOrDefault(sku) + n;
        }
    }

    private static string Name(string arn) => arn[(arn.LastIndexOf(':') + 1)..];

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
