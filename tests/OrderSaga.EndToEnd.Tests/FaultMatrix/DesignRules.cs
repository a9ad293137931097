using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>
/// DESIGN.md's rule for a cell, checked on what the cell did, independently of its golden file: a transient fault is
/// retried and the saga goes on; a forward step that still fails is compensated, in reverse order of the effects done;
/// a compensation that still fails ends CompensationFailed with an alert. The roles come from DESIGN.md, not from the
/// ASL under test, so a workflow that routes a failure wrongly fails here even if its golden file was accepted.
/// </summary>
internal static class DesignRules
{
    private static readonly string[] TransientErrors = [ErrorNames.Transient, ErrorNames.DynamoDbThrottling, ErrorNames.EventBridgeThrottling];
    private static readonly string[] TimeoutErrors = ["Sandbox.Timedout", StatesErrors.Timeout];
    private static readonly string[] CrashErrors = ["Runtime.ExitError", ErrorNames.DynamoDbInternalServerError, ErrorNames.EventBridgeInternal];

    /// <summary>Forward steps with effects, in the order they are done; their compensations are listed in reverse.</summary>
    private static readonly (string Step, string Compensation)[] Effects =
    [
        (SagaStates.RecordOrder, SagaStates.CancelOrder),
        (SagaStates.ReserveInventory, SagaStates.ReleaseInventory),
        (SagaStates.ChargePayment, SagaStates.RefundPayment),
    ];

    private static readonly Dictionary<string, Role> Roles = new(StringComparer.Ordinal)
    {
        [SagaStates.RecordOrder] = Role.Forward,
        [SagaStates.ReserveInventory] = Role.Forward,
        [SagaStates.ChargePayment] = Role.Forward,
        [SagaStates.ConfirmOrder] = Role.Forward,
        [SagaStates.NotifyCustomer] = Role.AfterConfirmation,
        [SagaStates.PublishOrderConfirmed] = Role.AfterConfirmation,
        [SagaStates.RefundPayment] = Role.Compensation,
        [SagaStates.ReleaseInventory] = Role.Compensation,
        [SagaStates.CancelOrder] = Role.Compensation,
        [SagaStates.NotifyCancellation] = Role.CancellationNotice,
        [SagaStates.PublishOrderCancelled] = Role.CancellationNotice,
        [SagaStates.PublishCompensationFailed] = Role.Alert,
    };

    private enum Role
    {
        /// <summary>Its failure must be compensated.</summary>
        Forward,

        /// <summary>After ConfirmOrder: its failure is recorded and never undoes the order.</summary>
        AfterConfirmation,

        /// <summary>Undoes a forward step: if it still fails, money or stock needs a person.</summary>
        Compensation,

        /// <summary>Tells the customer and the bus about a cancellation whose compensations are done.</summary>
        CancellationNotice,

        /// <summary>Publishes the compensation failure.</summary>
        Alert,
    }

    /// <summary>Whether DESIGN.md says what a failure of this Task state must end as.</summary>
    public static bool Covers(string state) => Roles.ContainsKey(state);

    /// <summary>Asserts the cell ended as DESIGN.md says, and returns that outcome in words.</summary>
    public static string Check(CellRun run)
    {
        Assert.True(Roles.ContainsKey(run.State), $"DESIGN.md gives no rule for the Task state '{run.State}': add its role to {nameof(DesignRules)}.");
        var path = string.Join(" → ", run.Path);
        var step = run.StepOf(run.State);
        Assert.True(step is { IsTask: true }, $"the order never ran {run.State}, so the cell tested nothing; path: {path}");
        Assert.True(run.Path.Count(s => s.State == run.State) == 1, $"{run.State} ran more than once: {path}");
        CheckFirstAttempt(run, step!);

        foreach (var helper in run.HelperStates)
        {
            Assert.True(run.StepOf(helper) is { IsTask: true, Succeeded: false }, $"the helper fault on {helper} should have failed it; path: {path}");
        }

        var failing = run.HelperStates.Concat(step!.Succeeded ? [] : [run.State]).ToList();
        if (failing.Any(s => Roles.GetValueOrDefault(s) == Role.Compensation))
        {
            return CheckCompensationFailed(run, path);
        }

        if (failing.Any(s => Roles.GetValueOrDefault(s) == Role.Forward))
        {
            return CheckCompensated(run, path, failing);
        }

        return CheckConfirmed(run, path, failing);
    }

    private static void CheckFirstAttempt(CellRun run, TaskStep step)
    {
        var first = step.Attempts[0];
        var expected = run.Fault switch
        {
            StateFaultKind.Transient => TransientErrors,
            StateFaultKind.Timeout => TimeoutErrors,
            StateFaultKind.Crash => CrashErrors,
            _ => null,
        };
        Assert.True(first != TaskStep.Ok, $"the {run.Fault} fault did not hit the first attempt of {run.State}: {step}");
        if (expected is not null)
        {
            Assert.Contains(first, expected);
        }

        switch (run.Fault)
        {
            case StateFaultKind.Transient:
                // DESIGN: every Task retries transient errors; one injected failure must be followed by a successful retry.
                Assert.True(step.Attempts is [_, TaskStep.Ok], $"a transient failure of {run.State} must be retried and then pass: {step}");
                break;
            case StateFaultKind.NonRetryable:
                Assert.True(step.Attempts.Count == 1, $"a non-retryable failure of {run.State} must not be retried: {step}");
                break;
            default:
                Assert.True(step.Attempts.Count <= 2, $"one injected fault should cost at most one retry: {step}");
                break;
        }
    }

    private static string CheckConfirmed(CellRun run, string path, List<string> failing)
    {
        Assert.True(run.Execution.Status == ExecutionStatus.Succeeded, $"expected the order confirmed, got {run.Execution.Status} {run.Execution.Error}: {path}");
        Assert.Equal(SagaStates.OrderConfirmed, run.Path[^1].State);
        Assert.Equal(OrderStatus.Confirmed, SagaDriver.String(run.OrderRow, TableAttributes.Orders.Status));
        Assert.Equal(PaymentStatus.Charged, SagaDriver.String(run.PaymentRow, TableAttributes.Payments.Status));
        Assert.Equal(run.Order.TotalAmount, SagaDriver.Decimal(run.PaymentRow, TableAttributes.Payments.Amount));
        foreach (var line in run.Order.Items)
        {
            var row = run.InventoryRows[line.Sku];
            Assert.Equal(run.InitialStock[line.Sku] - line.Quantity, SagaDriver.Decimal(row, TableAttributes.Inventory.Available));
            Assert.Equal(line.Quantity, SagaDriver.Reservations(row).GetValueOrDefault(run.Order.OrderId));
        }

        var notifyFailed = failing.Contains(SagaStates.NotifyCustomer);
        Assert.Equal(notifyFailed ? [] : [NotificationKinds.Confirmed], run.NotificationRows.Keys);
        if (notifyFailed)
        {
            Assert.NotNull(run.Execution.Output?["notificationError"]?["Error"]);
        }

        var publishFailed = failing.Contains(SagaStates.PublishOrderConfirmed);
        Assert.Equal(publishFailed ? [] : [EventNames.OrderConfirmed], SagaEventTypes(run));
        if (publishFailed)
        {
            Assert.NotNull(run.Execution.Output?["publishError"]?["Error"]);
        }

        NoQueuedMessages(run);
        return failing.Count == 0
            ? $"{run.State} retried, then confirmed"
            : $"confirmed; the {run.State} failure is recorded in the output and does not undo the order";
    }

    private static string CheckCompensated(CellRun run, string path, List<string> failing)
    {
        Assert.True(run.Execution.Status == ExecutionStatus.Failed && run.Execution.Error == ErrorNames.OrderCancelled, $"expected OrderCancelled, got {run.Execution.Status} {run.Execution.Error}: {path}");
        var compensations = CheckReverseOrder(run, path, upTo: null);
        Assert.Equal(OrderStatus.Cancelled, SagaDriver.String(run.OrderRow, TableAttributes.Orders.Status));
        Assert.Equal(CancellationReasons.StepFailed, SagaDriver.String(run.OrderRow, TableAttributes.Orders.Reason));
        var charged = run.StepOf(SagaStates.ChargePayment) is { Succeeded: true };
        var payment = SagaDriver.String(run.PaymentRow, TableAttributes.Payments.Status);
        Assert.True(charged ? payment == PaymentStatus.Refunded : payment is null or PaymentStatus.Declined, $"payment after compensation: {payment ?? "none"} (charged: {charged})");
        foreach (var line in run.Order.Items)
        {
            var row = run.InventoryRows[line.Sku];
            Assert.Equal(run.InitialStock[line.Sku], SagaDriver.Decimal(row, TableAttributes.Inventory.Available));
            Assert.False(SagaDriver.Reservations(row).ContainsKey(run.Order.OrderId), $"{line.Sku} still holds a reservation for the cancelled order");
        }

        Assert.Equal(failing.Contains(SagaStates.NotifyCancellation) ? [] : [NotificationKinds.Cancelled], run.NotificationRows.Keys);
        Assert.Equal(failing.Contains(SagaStates.PublishOrderCancelled) ? [] : [EventNames.OrderCancelled], SagaEventTypes(run));
        NoQueuedMessages(run);
        return compensations.Count == 0
            ? "compensated: no effect was done before the failure, the order is recorded as cancelled"
            : $"compensated in reverse order of the effects done: {string.Join(", ", compensations)}";
    }

    private static string CheckCompensationFailed(CellRun run, string path)
    {
        Assert.True(run.Execution.Status == ExecutionStatus.Failed && run.Execution.Error == ErrorNames.CompensationFailed, $"expected CompensationFailed, got {run.Execution.Status} {run.Execution.Error}: {path}");
        var failed = run.Path.First(s => s.IsTask && !s.Succeeded && Roles.GetValueOrDefault(s.State) == Role.Compensation);
        CheckReverseOrder(run, path, upTo: failed.State);

        // A person must look: nothing after the failed compensation may run but the alert.
        Assert.Equal(
            [failed.State, SagaStates.PublishCompensationFailed, SagaStates.CompensationFailed],
            run.Path.Skip(run.IndexOf(failed.State)).Select(s => s.State));
        Assert.Equal(OrderStatus.Pending, SagaDriver.String(run.OrderRow, TableAttributes.Orders.Status));
        Assert.Empty(run.DeadLetters);
        Assert.Empty(run.RejectedOrders);

        if (run.StepOf(SagaStates.PublishCompensationFailed) is { Succeeded: false } publish)
        {
            // The alert itself could not be published: the failed execution is what the alarm on failed executions sees.
            Assert.Empty(run.Alerts);
            Assert.Empty(SagaEventTypes(run));
            return $"CompensationFailed after {failed.State} failed; the alert could not be published ({publish}), the failed execution raises the alarm";
        }

        var alert = Assert.Single(run.Alerts);
        Assert.Equal(EventNames.OrderCompensationFailed, SagaDriver.Text(alert["detail-type"]));
        Assert.Equal(failed.Attempts[^1], SagaDriver.Text(alert["detail"]?["error"]));
        Assert.Equal([EventNames.OrderCompensationFailed], SagaEventTypes(run));
        return $"CompensationFailed after {failed.State} failed ({failed.Attempts[^1]}), alert on the alerts queue";
    }

    /// <summary>
    /// Every effect done before the failure has its compensation entered, later effects undone first; with
    /// <paramref name="upTo"/>, only the compensations before that one (the one that failed) must have run.
    /// </summary>
    private static List<string> CheckReverseOrder(CellRun run, string path, string? upTo)
    {
        var required = Effects.Where(e => run.StepOf(e.Step) is { Succeeded: true }).Select(e => e.Compensation).Reverse().ToList();
        if (upTo is not null)
        {
            Assert.Contains(upTo, required);
            required = [.. required.TakeWhile(c => c != upTo)];
        }

        var last = run.Path.ToList().FindIndex(s => s.IsTask && !s.Succeeded);
        foreach (var compensation in required)
        {
            var at = run.IndexOf(compensation);
            Assert.True(at > last, $"{compensation} must run after {run.Path[last].State} (the failure, then the later effects first): {path}");
            Assert.True(run.Path[at].Succeeded, $"{compensation} did not succeed: {path}");
            last = at;
        }

        return required;
    }

    private static IReadOnlyList<string> SagaEventTypes(CellRun run) =>
        [.. run.BusEvents.Where(e => SagaDriver.Text(e["source"]) == EventNames.SagaSource).Select(e => SagaDriver.Text(e["detail-type"]) ?? "?")];

    private static void NoQueuedMessages(CellRun run)
    {
        Assert.Empty(run.Alerts);
        Assert.Empty(run.DeadLetters);
        Assert.Empty(run.RejectedOrders);
    }
}
