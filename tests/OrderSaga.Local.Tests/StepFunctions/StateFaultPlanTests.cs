using System.Text.Json.Nodes;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.Tests.StepFunctions;

public class StateFaultPlanTests
{
    [Fact]
    public void TakeFault_CountedThenAlways_AppliesInOrderPerState()
    {
        var plan = new StateFaultPlan().Add("Charge", StateFaultKind.Timeout, times: 2).Add("Charge", StateFaultKind.Crash);

        var taken = Enumerable.Range(0, 4).Select(_ => plan.TakeFault("Charge")).ToList();

        Assert.Equal([StateFaultKind.Timeout, StateFaultKind.Timeout, StateFaultKind.Crash, StateFaultKind.Crash], taken);
        Assert.Null(plan.TakeFault("Refund"));
    }

    [Fact]
    public void TakeFault_OnceUsedUp_RunsTheStateNormally()
    {
        var plan = new StateFaultPlan().Add("Refund", StateFaultKind.Transient, times: 1);

        Assert.Equal(StateFaultKind.Transient, plan.TakeFault("Refund"));
        Assert.Null(plan.TakeFault("Refund"));
    }

    [Fact]
    public void Clear_OneState_LeavesOthers()
    {
        var plan = new StateFaultPlan().Add("A", StateFaultKind.NonRetryable).Add("B", StateFaultKind.NonRetryable);

        plan.Clear("A");

        Assert.Null(plan.TakeFault("A"));
        Assert.Equal(StateFaultKind.NonRetryable, plan.TakeFault("B"));
        plan.Clear();
        Assert.Null(plan.TakeFault("B"));
    }

    [Fact]
    public void Add_ZeroTimesOrNoState_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StateFaultPlan().Add("A", StateFaultKind.Crash, times: 0));
        Assert.Throws<ArgumentException>(() => new StateFaultPlan().Add("", StateFaultKind.Crash));
    }

    [Theory]
    [InlineData("transient", nameof(StateFaultKind.Transient))]
    [InlineData("non-retryable", nameof(StateFaultKind.NonRetryable))]
    [InlineData("timeout", nameof(StateFaultKind.Timeout))]
    [InlineData("crash", nameof(StateFaultKind.Crash))]
    public void ApplyStateFault_EachKind_AddsItForTheNextAttempts(string kind, string expectedKind)
    {
        var expected = Enum.Parse<StateFaultKind>(expectedKind);
        var plan = new StateFaultPlan();

        var error = FaultEndpoints.ApplyStateFault(plan, "RefundPayment", new JsonObject { ["kind"] = kind, ["times"] = 1 });

        Assert.Null(error);
        Assert.Equal(expected, plan.TakeFault("RefundPayment"));
        Assert.Null(plan.TakeFault("RefundPayment"));
        Assert.Equal(kind, StateFaultPlan.NameOf(expected));
    }

    [Theory]
    [InlineData("""{"kind": "error"}""", "kind must be one of transient, non-retryable, timeout, crash")]
    [InlineData("""{"times": 1}""", "kind must be one of")]
    [InlineData("""{"kind": 3}""", "kind must be one of")]
    [InlineData("""{"kind": "crash", "times": 0}""", "times must be a positive number")]
    [InlineData("""{"kind": "crash", "times": "2"}""", "times must be a positive number")]
    public void ApplyStateFault_BadFault_SaysWhatIsWrongAndAddsNothing(string body, string message)
    {
        var plan = new StateFaultPlan();

        var error = FaultEndpoints.ApplyStateFault(plan, "RefundPayment", JsonNode.Parse(body)!.AsObject());

        Assert.NotNull(error);
        Assert.StartsWith(message, error, StringComparison.Ordinal);
        Assert.Null(plan.TakeFault("RefundPayment"));
    }

    [Fact]
    public async Task ArmNext_InThisFlow_FailsTheNextInvocationOnlyAndLeavesOtherFlowsAlone()
    {
        var plan = new FaultPlan();
        var fault = new LambdaFault(FaultKind.Crash);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // A concurrent caller of the same function, started before the fault was armed, runs on its own flow.
        var elsewhere = Task.Run(async () =>
        {
            await go.Task;
            return plan.TakeFault("payment");
        });
        using (plan.ArmNext(fault))
        {
            go.SetResult();
            Assert.Null(await elsewhere);
            Assert.Same(fault, plan.TakeFault("payment"));
            Assert.Null(plan.TakeFault("payment"));
        }

        Assert.Null(plan.TakeFault("payment"));
    }
}
