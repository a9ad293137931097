using OrderSaga.Contracts;
using OrderSaga.Local.Cli;
using static OrderSaga.EndToEnd.Tests.Chaos.ChaosSnapshots;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>The invariant checker on hand-made end states: silent on a consistent one, and catching each kind of breakage.</summary>
public sealed class ChaosInvariantsTests
{
    [Fact]
    public void Check_ConsistentRun_ReportsNoViolationAndEveryOutcome()
    {
        var verdict = ChaosInvariants.Check(Consistent());

        Assert.Empty(verdict.Violations);
        Assert.Equal(ChaosOutcomes.Confirmed, verdict.Outcomes[A]);
        Assert.Equal(ChaosOutcomes.CancelledPrefix + CancellationReasons.OutOfStock, verdict.Outcomes[B]);
        Assert.Equal(ChaosOutcomes.CompensationFailed, verdict.Outcomes[C]);
        Assert.Equal(ChaosOutcomes.Rejected, verdict.Outcomes[D]);
        Assert.Equal(ChaosOutcomes.Confirmed, verdict.Outcomes[E]);
    }

    [Fact]
    public void Check_CompensationFailed_ListsWhatTheOrderHoldsAndCountsItInTheBalances()
    {
        var verdict = ChaosInvariants.Check(Consistent());

        var manual = Assert.Single(verdict.ManualActions);
        Assert.Equal(C, manual.OrderId);
        Assert.Equal(SagaStates.RefundPayment, manual.FailedStep);
        Assert.Equal(7.25m, manual.NetCharged);
        Assert.Equal(1m, manual.UnitsHeld[Sku2]);
        var b = verdict.Balances;
        Assert.Equal((54m, 0m, 46.75m, 7.25m), (b.Charged, b.Refunded, b.ConfirmedTotal, b.HeldByCompensationFailed));
        Assert.Equal((20m, 14m, 5m, 1m), (b.StockStart, b.StockEnd, b.ConfirmedUnits, b.UnitsHeldByCompensationFailed));
    }

    [Fact]
    public void Check_MalformedEventNotRejected_ViolatesEventAccounted()
    {
        var snapshot = Consistent() with { Rejected = [] };

        AssertViolation(snapshot, ChaosInvariants.EventAccounted, D);
    }

    [Fact]
    public void Check_AcceptedEventThatStartedNothing_ViolatesEventAccounted()
    {
        var snapshot = Consistent() with { Sent = [.. Consistent().Sent, new(A, "ev-a-lost", null)] };

        AssertViolation(snapshot, ChaosInvariants.EventAccounted, A);
    }

    [Fact]
    public void Check_EventInTheDeadLetterQueue_IsAccountedFor()
    {
        var snapshot = Consistent() with { Sent = [.. Consistent().Sent, new(A, "ev-a-dlq", null)], DeadLettered = [new("ev-a-dlq", A)] };

        Assert.Empty(ChaosInvariants.Check(snapshot).Violations);
    }

    [Fact]
    public void Check_RefusedPutEvents_ViolatesEventAccounted()
    {
        var snapshot = Consistent() with { Sent = [.. Consistent().Sent, new(B, null, "InternalFailure: boom")] };

        AssertViolation(snapshot, ChaosInvariants.EventAccounted, B);
    }

    [Fact]
    public void Check_ExecutionStillRunning_ViolatesOrderTerminal()
    {
        var snapshot = Consistent().WithExecution("b", e => e with { Status = "RUNNING", Error = null, States = [SagaStates.RecordOrder, SagaStates.ReserveInventory] });

        var verdict = AssertViolation(snapshot, ChaosInvariants.OrderTerminal, B);
        Assert.Equal(ChaosOutcomes.NotTerminal, verdict.Outcomes[B]);
    }

    [Fact]
    public void Check_ExecutionFailedOutsideTheSaga_ViolatesOrderTerminal()
    {
        var snapshot = Consistent().WithExecution("b", e => e with { Error = "States.Runtime" });

        AssertViolation(snapshot, ChaosInvariants.OrderTerminal, B);
    }

    [Fact]
    public void Check_WellFormedOrderWithoutExecution_ViolatesOrderTerminal()
    {
        var snapshot = Consistent() with { Executions = [.. Consistent().Executions.Where(e => e.OrderId != B)] };

        AssertViolation(snapshot, ChaosInvariants.OrderTerminal, B);
    }

    [Fact]
    public void Check_ConfirmedExecutionButCancelledRow_ViolatesOrderConsistent()
    {
        var snapshot = Consistent().WithOrderRow(A, new ChaosOrderRow(OrderStatus.Cancelled, CancellationReasons.StepFailed));

        AssertViolation(snapshot, ChaosInvariants.OrderConsistent, A);
    }

    [Fact]
    public void Check_NegativeStock_ViolatesStockNonNegative()
    {
        var snapshot = Consistent().WithInventory(Sku1, new ChaosInventoryRow(-1, Units((A, 2))));

        AssertViolation(snapshot, ChaosInvariants.StockNonNegative, null);
    }

    [Fact]
    public void Check_CancelledOrderStillHoldingStock_ViolatesStockConserved()
    {
        // The books balance (7 + 2 + 1 = 10) but the cancelled order was never released.
        var snapshot = Consistent().WithInventory(Sku1, new ChaosInventoryRow(7, Units((A, 2), (B, 1))));

        AssertViolation(snapshot, ChaosInvariants.StockConserved, B);
    }

    [Fact]
    public void Check_UnitsAppearingFromNowhere_ViolatesStockConserved()
    {
        var snapshot = Consistent().WithInventory(Sku1, new ChaosInventoryRow(9, Units((A, 2))));

        AssertViolation(snapshot, ChaosInvariants.StockConserved, null);
    }

    [Fact]
    public void Check_ConfirmedOrderHoldingTooLittle_ViolatesStockConserved()
    {
        var snapshot = Consistent().WithInventory(Sku1, new ChaosInventoryRow(9, Units((A, 1))));

        AssertViolation(snapshot, ChaosInvariants.StockConserved, A);
    }

    [Fact]
    public void Check_CancelledOrderStillCharged_ViolatesMoneyConserved()
    {
        var snapshot = Consistent() with { Payments = [.. Consistent().Payments, new(B, PaymentStatus.Charged, 112.50m)] };

        AssertViolation(snapshot, ChaosInvariants.MoneyConserved, B);
    }

    [Fact]
    public void Check_ConfirmedOrderRefunded_ViolatesMoneyConserved()
    {
        var snapshot = Consistent() with { Payments = [new(A, PaymentStatus.Refunded, 25m), .. Consistent().Payments.Where(p => p.OrderId != A)] };

        AssertViolation(snapshot, ChaosInvariants.MoneyConserved, A);
    }

    [Fact]
    public void Check_CancelledOrderRefunded_KeepsMoneyConserved()
    {
        var snapshot = Consistent() with { Payments = [.. Consistent().Payments, new(B, PaymentStatus.Refunded, 112.50m)] };

        var verdict = ChaosInvariants.Check(snapshot);

        Assert.Empty(verdict.Violations);
        Assert.Equal((166.50m, 112.50m), (verdict.Balances.Charged, verdict.Balances.Refunded));
    }

    [Fact]
    public void Check_TwoPaymentRowsForOneOrder_ViolatesOneChargePerOrder()
    {
        var snapshot = Consistent() with { Payments = [.. Consistent().Payments, new(A, PaymentStatus.Charged, 25m)] };

        AssertViolation(snapshot, ChaosInvariants.OneChargePerOrder, A);
    }

    [Fact]
    public void Check_DuplicateDeliveryAlsoCharged_ViolatesOneChargePerOrder()
    {
        var snapshot = Consistent().WithExecution("e2", e => e with { Charged = true });

        AssertViolation(snapshot, ChaosInvariants.OneChargePerOrder, E);
    }

    [Fact]
    public void Check_ChargeOfAnotherAmount_ViolatesOneChargePerOrder()
    {
        var snapshot = Consistent() with { Payments = [new(A, PaymentStatus.Charged, 50m), .. Consistent().Payments.Where(p => p.OrderId != A)] };

        AssertViolation(snapshot, ChaosInvariants.OneChargePerOrder, A);
    }

    [Fact]
    public void Check_CompensationFailedWithoutAlert_ViolatesCompensationAlerted()
    {
        var snapshot = Consistent() with { Alerts = [] };

        AssertViolation(snapshot, ChaosInvariants.CompensationAlerted, C);
    }

    private static ChaosVerdict AssertViolation(ChaosSnapshot snapshot, string invariant, string? orderId)
    {
        var verdict = ChaosInvariants.Check(snapshot);
        Assert.True(
            verdict.Violations.Any(v => v.Invariant == invariant && v.OrderId == orderId),
            $"expected a {invariant} violation for {orderId ?? "the run"}; found: {string.Join("; ", verdict.Violations.Select(v => $"{v.Invariant} {v.OrderId}: {v.Detail}"))}");
        return verdict;
    }
}
