using System.Text.Json.Nodes;

namespace OrderSaga.Local.Analysis.Tests;

public sealed class SagaVerifierTests
{
    [Fact]
    public void Verify_RealSagaByConvention_HasNoFindings()
    {
        var report = SagaFiles.Verify(SagaFiles.Asl());

        Assert.Empty(report.Findings);
    }

    [Fact]
    public void Verify_RealSagaWithCompensationsFile_HasNoFindings()
    {
        var report = SagaFiles.Verify(SagaFiles.Asl(), CompensationConfig.Load(SagaFiles.CompensationsPath));

        Assert.Empty(report.Findings);
        Assert.All(report.Compensations, p => Assert.Equal("--compensations", p.Reason));
    }

    [Fact]
    public void Verify_RealSagaByConvention_InfersTheShippedCompensationMap()
    {
        var report = SagaFiles.Verify(SagaFiles.Asl());

        var inferred = report.Compensations.ToDictionary(p => p.Forward, p => p.Compensation);
        Assert.Equal(CompensationConfig.Load(SagaFiles.CompensationsPath).OrderBy(kv => kv.Key), inferred.OrderBy(kv => kv.Key));
        Assert.Equal(["ConfirmOrder", "NotifyCustomer", "PublishOrderConfirmed"], report.UncompensatedSideEffects);
        Assert.Equal(["States.NotifyCustomer.Catch[0].Next", "States.PublishOrderConfirmed.Catch[0].Next"], report.ToleratedFailures.Select(t => t.Location));
        Assert.Contains("States.ChargePayment.Catch[0].Next", report.FailureEdges);
        Assert.Contains("States.PaymentCharged?.Default", report.FailureEdges);
    }

    [Fact]
    public void Verify_CatchPathSkipsRefundPayment_ReportsMissingRefundAtCatch()
    {
        var asl = SagaFiles.Asl();
        asl.State("ConfirmOrderFailed")["Next"] = "ReleaseInventory";

        var finding = Single(SagaFiles.Verify(asl), FindingRules.CompensationMissing, "States.ConfirmOrder.Catch[0].Next");

        Assert.Equal(Severity.Error, finding.Severity);
        Assert.Contains("RefundPayment (undoes ChargePayment)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CompensationsInWrongOrder_ReportsOrderAtCatch()
    {
        var asl = SagaFiles.Asl();
        asl.State("RefundPayment")["Next"] = "CancelOrder";
        asl.State("CancelOrder")["Next"] = "ReleaseInventory";
        asl.State("ReleaseInventory")["Next"] = "NotifyCancellation";

        var finding = Single(SagaFiles.Verify(asl), FindingRules.CompensationOrder, "States.ConfirmOrder.Catch[0].Next");

        Assert.Contains("RefundPayment → ReleaseInventory → CancelOrder", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_CompensationsInWrongOrderWithFile_ReportsOrderAtCatch()
    {
        var asl = SagaFiles.Asl();
        asl.State("RefundPayment")["Next"] = "CancelOrder";
        asl.State("CancelOrder")["Next"] = "ReleaseInventory";
        asl.State("ReleaseInventory")["Next"] = "NotifyCancellation";

        var report = SagaFiles.Verify(asl, CompensationConfig.Load(SagaFiles.CompensationsPath));

        Single(report, FindingRules.CompensationOrder, "States.ChargePayment.Catch[0].Next");
    }

    [Fact]
    public void Verify_ChoiceWithoutDefault_ReportsDefaultLocation()
    {
        var asl = SagaFiles.Asl();
        asl.State("PaymentCharged?").Remove("Default");

        var report = SagaFiles.Verify(asl);

        Assert.Equal(Severity.Error, Single(report, FindingRules.ChoiceWithoutDefault, "States.PaymentCharged?.Default").Severity);
        Single(report, FindingRules.UnreachableState, "States.PaymentDeclined");
    }

    [Fact]
    public void Verify_TaskWithoutTimeout_ReportsTimeoutLocation()
    {
        var asl = SagaFiles.Asl();
        asl.State("ChargePayment").Remove("TimeoutSeconds");

        var report = SagaFiles.Verify(asl);

        Assert.Equal(Severity.Error, Assert.Single(report.Findings).Severity);
        Single(report, FindingRules.TaskWithoutTimeout, "States.ChargePayment.TimeoutSeconds");
    }

    [Fact]
    public void Verify_TaskWithoutRetry_ReportsRetryLocation()
    {
        var asl = SagaFiles.Asl();
        asl.State("ReserveInventory").Remove("Retry");

        var report = SagaFiles.Verify(asl);

        Assert.Single(report.Findings);
        Single(report, FindingRules.TaskWithoutRetry, "States.ReserveInventory.Retry");
    }

    [Fact]
    public void Verify_RetrierWithoutJitterOrMaxDelay_ReportsWarnings()
    {
        var asl = SagaFiles.Asl();
        var retrier = (JsonObject)asl.State("ChargePayment")["Retry"]![0]!;
        retrier.Remove("JitterStrategy");
        retrier.Remove("MaxDelaySeconds");

        var report = SagaFiles.Verify(asl);

        Assert.Equal(Severity.Warning, Single(report, FindingRules.RetryWithoutJitter, "States.ChargePayment.Retry[0].JitterStrategy").Severity);
        Assert.Equal(Severity.Warning, Single(report, FindingRules.RetryWithoutMaxDelay, "States.ChargePayment.Retry[0].MaxDelaySeconds").Severity);
        Assert.Equal(2, report.Findings.Count);
    }

    [Fact]
    public void Verify_UnreachableState_ReportsItAndStillChecksTheRest()
    {
        var asl = SagaFiles.Asl();
        ((JsonObject)asl["States"]!)["Orphan"] = new JsonObject { ["Type"] = "Task", ["Resource"] = "arn:aws:states:::lambda:invoke", ["End"] = true };
        asl.State("ChargePayment").Remove("TimeoutSeconds");

        var report = SagaFiles.Verify(asl);

        Single(report, FindingRules.UnreachableState, "States.Orphan");
        Single(report, FindingRules.TaskWithoutTimeout, "States.ChargePayment.TimeoutSeconds");
        Assert.Equal(2, report.Findings.Count);
    }

    [Fact]
    public void Verify_FailurePathEndsInSucceed_ReportsAtFailureEdge()
    {
        var asl = SagaFiles.Asl();
        ((JsonObject)asl["States"]!)["OrderCancelled"] = new JsonObject { ["Type"] = "Succeed" };

        var report = SagaFiles.Verify(asl);

        Assert.Contains("'OrderCancelled'", Single(report, FindingRules.FailureEndsInSucceed, "States.InventoryReserved?.Default").Message, StringComparison.Ordinal);
        Single(report, FindingRules.FailureEndsInSucceed, "States.ChargePayment.Catch[0].Next");
        Assert.DoesNotContain(report.Findings, f => f.Location == "States.RecordOrder.Catch[1].Next");
    }

    [Fact]
    public void Verify_CompensationFailureEndsInSucceed_ReportsAtFailureEdge()
    {
        var asl = SagaFiles.Asl();
        ((JsonObject)asl["States"]!)["CompensationFailed"] = new JsonObject { ["Type"] = "Succeed" };

        var report = SagaFiles.Verify(asl);

        Single(report, FindingRules.FailureEndsInSucceed, "States.ChargePayment.Catch[0].Next");
        Assert.DoesNotContain(report.Findings, f => f.Rule == FindingRules.CompensationMissing);
    }

    [Fact]
    public void Verify_TaskWithoutCatchAfterSideEffects_ReportsUncaughtFailure()
    {
        var asl = SagaFiles.Asl();
        asl.State("ChargePayment").Remove("Catch");
        ((JsonObject)asl["States"]!).Remove("ChargePaymentFailed");

        var report = SagaFiles.Verify(asl);

        Assert.Contains("ReleaseInventory, CancelOrder", Single(report, FindingRules.UncaughtFailure, "States.ChargePayment.Catch").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_LoopWithoutEnd_ReportsNoPathToEnd()
    {
        var asl = SagaFiles.Asl();
        ((JsonObject)asl["States"]!)["OrderCancelled"] = new JsonObject { ["Type"] = "Pass", ["Next"] = "NotifyCancellation" };

        var report = SagaFiles.Verify(asl);

        Single(report, FindingRules.NoPathToEnd, "States.OrderCancelled");
        Single(report, FindingRules.NoPathToEnd, "States.PublishOrderCancelled");
    }

    [Fact]
    public void Verify_CompensationsFileNamesUnknownState_ReportsIt()
    {
        var map = new Dictionary<string, string> { ["ChargePayment"] = "RefundPaymnet" };

        var report = SagaFiles.Verify(SagaFiles.Asl(), map);

        Assert.Contains("'RefundPaymnet'", Single(report, FindingRules.UnknownCompensationState, "compensations.ChargePayment").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_InvalidDefinition_ReportsParserErrorsWithLocation()
    {
        var asl = SagaFiles.Asl();
        asl.State("ChargePayment")["Next"] = "Nowhere";

        var report = SagaFiles.Verify(asl);

        Assert.Contains(report.Findings, f => f.Rule == FindingRules.InvalidDefinition && f.Location == "States.ChargePayment.Next");
    }

    private static Finding Single(MachineReport report, string rule, string location)
    {
        var matches = report.Findings.Where(f => f.Rule == rule && f.Location == location).ToList();
        Assert.True(matches.Count == 1, $"expected one {rule} at {location}; got:\n{string.Join("\n", report.Findings)}");
        return matches[0];
    }
}
