using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using OrderSaga.Local.Cli;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>One generated chaos run: a seed for the orders and the faults, a fault rate, a small number of orders and their mix.</summary>
public sealed record ChaosCase(int Seed, double Rate, int Orders, double Malformed, double OverStock, double Declined, double Duplicate)
{
    internal ChaosMix Mix => new(Malformed, OverStock, Declined, Duplicate);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"seed {Seed}, rate {Rate}, {Orders} orders (malformed {Malformed}, over stock {OverStock}, declined {Declined}, duplicate {Duplicate})");
}

/// <summary>FsCheck's source of <see cref="ChaosCase"/>: no shrinking, since every case costs a run on the local cloud.</summary>
public static class ChaosCaseArbitrary
{
    public static Arbitrary<ChaosCase> Cases() => Arb.From(
        from seed in Gen.Choose(0, int.MaxValue)
        from rate in Gen.Elements(0.1, 0.2, 0.3, 0.5)
        from orders in Gen.Choose(10, 16)
        from malformed in Gen.Elements(0.0, 0.1, 0.2)
        from overStock in Gen.Elements(0.0, 0.1, 0.3)
        from declined in Gen.Elements(0.0, 0.1, 0.3)
        from duplicate in Gen.Elements(0.0, 0.2, 0.5)
        select new ChaosCase(seed, rate, orders, malformed, overStock, declined, duplicate));
}
