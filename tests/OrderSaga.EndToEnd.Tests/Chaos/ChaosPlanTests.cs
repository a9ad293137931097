using OrderSaga.Local.Cli;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>The orders of a chaos run: drawn from the seed, of the mix asked for, and split into waves between restarts.</summary>
public sealed class ChaosPlanTests
{
    [Fact]
    public void Create_SameSeed_PlansTheSameOrders()
    {
        var first = ChaosPlan.Create(9, 200, "T", new ChaosMix());
        var second = ChaosPlan.Create(9, 200, "T", new ChaosMix());

        Assert.Equal(first.Sends.Select(o => o.Detail().ToJsonString()), second.Sends.Select(o => o.Detail().ToJsonString()));
        Assert.Equal(first.Stock, second.Stock);
    }

    [Fact]
    public void Create_Mix_SendsDuplicatesTwiceAndMalformedOrdersTheStackRejects()
    {
        var plan = ChaosPlan.Create(4, 500, "T", new ChaosMix(Malformed: 0.1, OverStock: 0.1, Declined: 0.1, Duplicate: 0.2));

        Assert.InRange(plan.Orders.Count(o => o.Duplicate), 60, 140);
        Assert.Equal(plan.Orders.Count + plan.Orders.Count(o => o.Duplicate), plan.Sends.Count);
        Assert.All(plan.Orders.Where(o => o.Duplicate), o => Assert.Equal(2, plan.Sends.Count(s => s.OrderId == o.OrderId)));
        var malformed = plan.Orders.Where(o => o.Malformed).Select(o => o.Detail()).ToList();
        Assert.InRange(malformed.Count, 25, 75);
        Assert.All(malformed, d => Assert.True(d["orderId"] is null || d["totalAmount"]!.GetValue<decimal>() == 0, d.ToJsonString()));
        Assert.Contains(malformed, d => d["orderId"] is null);
        Assert.All(plan.Orders.Where(o => o.OverStock), o => Assert.Contains(o.Lines, l => l.Value > plan.Stock[l.Key]));
        Assert.All(plan.Orders, o => Assert.StartsWith(plan.OrderIdPrefix, o.OrderId, StringComparison.Ordinal));
        Assert.All(plan.Orders.SelectMany(o => o.Lines.Keys), sku => Assert.True(plan.Stock.ContainsKey(sku)));
    }

    [Fact]
    public void Waves_RestartEveryK_EndsAWaveAtEachKthNewOrder()
    {
        var plan = ChaosPlan.Create(2, 100, "T", new ChaosMix(Duplicate: 0.3));

        var waves = ChaosRunner.Waves(plan, 30).ToList();

        Assert.Equal([true, true, true, false], waves.Select(w => w.RestartAfter));
        Assert.Equal(plan.Sends, waves.SelectMany(w => w.Sends));
        var seen = new HashSet<string>();
        var distinctAtEnd = waves.Select(w => { seen.UnionWith(w.Sends.Select(s => s.OrderId)); return seen.Count; }).ToList();
        Assert.Equal([30, 60, 90, 100], distinctAtEnd);
    }

    [Fact]
    public void Waves_NoRestarts_IsOneWave()
    {
        var plan = ChaosPlan.Create(2, 50, "T", new ChaosMix());

        var wave = Assert.Single(ChaosRunner.Waves(plan, 0));

        Assert.False(wave.RestartAfter);
        Assert.Equal(plan.Sends.Count, wave.Sends.Count);
    }
}
