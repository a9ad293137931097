using OrderSaga.Local.Chaos;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>The cloud's fault draws: repeatable from the seed, at the rate asked, of the kinds each target can suffer.</summary>
public sealed class ChaosInjectorTests
{
    [Fact]
    public void Draw_SameSeedAndCalls_GivesTheSameFaults()
    {
        Assert.Equal(Draws(seed: 7, rate: 0.3), Draws(seed: 7, rate: 0.3));
    }

    [Fact]
    public void Draw_AnotherSeed_GivesOtherFaults()
    {
        Assert.NotEqual(Draws(seed: 7, rate: 0.3), Draws(seed: 8, rate: 0.3));
    }

    [Fact]
    public void Draw_ChaosOff_NeverFails()
    {
        var chaos = new ChaosInjector();

        Assert.All(Enumerable.Range(0, 1000), i => Assert.Null(chaos.Draw($"ORD-{i}", "ChargePayment", ChaosFaultKinds.Lambda)));
        chaos.Configure(new ChaosSettings(1, 0));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.Null(chaos.Draw($"ORD-{i}", "ChargePayment", ChaosFaultKinds.Lambda)));
    }

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    public void Draw_ManyCalls_FailsAtAboutTheRate(double rate)
    {
        var faults = Draws(seed: 3, rate).Count(d => d is not null);

        // 20,000 draws: the standard deviation of the count is at most ~71, so 4 % of the calls is far outside chance.
        Assert.InRange(faults, (int)((rate - 0.02) * 20_000), (int)((rate + 0.02) * 20_000));
    }

    [Fact]
    public void Draw_LambdaAndDynamoDb_GiveTheirOwnKindsOnly()
    {
        var lambda = Draws(seed: 5, rate: 0.5).OfType<ChaosFault>().ToList();
        var chaos = new ChaosInjector();
        chaos.Configure(new ChaosSettings(5, 0.5));
        var dynamoDb = Enumerable.Range(0, 2000).Select(i => chaos.Draw($"ORD-{i}", "ConfirmOrder", ChaosFaultKinds.DynamoDb)).OfType<ChaosFault>().ToList();

        Assert.Equal(ChaosFaultKinds.Lambda.Order(), lambda.Select(f => f.Kind).Distinct().Order());
        Assert.Contains(lambda, f => f.AfterWork && f.Kind == ChaosFaultKinds.Timeout);
        Assert.Contains(lambda, f => !f.AfterWork && f.Kind == ChaosFaultKinds.Crash);
        Assert.All(lambda.Where(f => f.AfterWork), f => Assert.Contains(f.Kind, new[] { ChaosFaultKinds.Timeout, ChaosFaultKinds.Crash }));
        Assert.NotEmpty(dynamoDb);
        Assert.All(dynamoDb, f => Assert.Equal(ChaosFaultKinds.Throttling, f.Kind));
    }

    [Fact]
    public void Snapshot_AfterDraws_CountsEveryFaultByKindAndState()
    {
        var chaos = new ChaosInjector();
        chaos.Configure(new ChaosSettings(11, 0.4));
        var drawn = Enumerable.Range(0, 500).Select(i => chaos.Draw($"ORD-{i % 50}", i % 2 == 0 ? "ReserveInventory" : "RefundPayment", ChaosFaultKinds.Lambda)).ToList();

        var snapshot = chaos.Snapshot();

        Assert.True(snapshot["enabled"]!.GetValue<bool>());
        Assert.Equal(500, snapshot["calls"]!.GetValue<long>());
        foreach (var kind in ChaosFaultKinds.All)
        {
            Assert.Equal(drawn.Count(f => f?.Kind == kind), snapshot["faultsInjected"]![kind]!.GetValue<long>());
        }

        Assert.Equal(drawn.Count(f => f is not null), snapshot["faultsByState"]!.AsObject().Sum(s => s.Value!.GetValue<long>()));
    }

    /// <summary>20,000 Lambda calls over 2,000 orders and 5 states, 2 calls each, as a saga with retries makes them.</summary>
    private static List<ChaosFault?> Draws(int seed, double rate)
    {
        var chaos = new ChaosInjector();
        chaos.Configure(new ChaosSettings(seed, rate));
        string[] states = ["ReserveInventory", "ChargePayment", "NotifyCustomer", "RefundPayment", "ReleaseInventory"];
        return [.. from order in Enumerable.Range(0, 2000) from state in states from call in Enumerable.Range(0, 2) select chaos.Draw($"ORD-{order}", state, ChaosFaultKinds.Lambda)];
    }
}
