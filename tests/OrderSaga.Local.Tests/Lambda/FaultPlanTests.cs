using OrderSaga.Local.Lambda;

namespace OrderSaga.Local.Tests.Lambda;

public class FaultPlanTests
{
    [Fact]
    public void TakeFault_CountedThenAlways_AppliesInOrderPerFunction()
    {
        var plan = new FaultPlan().Crash("a", times: 1).FailWith("a", "Boom", "always");

        var taken = Enumerable.Range(0, 4).Select(_ => plan.TakeFault("a")?.Kind).ToList();

        Assert.Equal([FaultKind.Crash, FaultKind.Error, FaultKind.Error, FaultKind.Error], taken);
        Assert.Null(plan.TakeFault("b"));
    }

    [Fact]
    public void Clear_OneFunction_LeavesOthers()
    {
        var plan = new FaultPlan().TimeOut("a").TimeOut("b");

        plan.Clear("a");

        Assert.Null(plan.TakeFault("a"));
        Assert.Equal(FaultKind.Timeout, plan.TakeFault("b")?.Kind);
    }

    [Fact]
    public void FailWith_ZeroTimes_IsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultPlan().FailWith("a", "E", "m", times: 0));
    }
}
