using System.Globalization;

namespace OrderSaga.Local.Cli;

/// <summary>
/// The orders and stock of a chaos run, all drawn from the seed: random lines over a few SKUs of its own, some
/// orders over stock, some with cards that decline, some published twice, some malformed. The same seed and tag
/// give the same plan, so a run (and the faults the cloud draws per order) repeats.
/// </summary>
internal sealed class ChaosPlan
{
    private static readonly decimal[] Prices = [12.50m, 7.25m, 99.99m, 3.10m, 45.00m, 0.99m];
    private static readonly string[] GoodTokens = ["tok_visa", "tok_visa", "tok_visa", "tok_visa", "tok_visa", "tok_visa", "tok_mastercard", "tok_mastercard", "tok_flaky"];
    private static readonly string[] DecliningTokens = ["tok_chargeDeclined", "tok_insufficientFunds"];

    private ChaosPlan(string tag, IReadOnlyDictionary<string, int> stock, IReadOnlyList<ChaosOrder> orders, IReadOnlyList<ChaosOrder> sends)
    {
        Tag = tag;
        Stock = stock;
        Orders = orders;
        Sends = sends;
    }

    public string Tag { get; }

    /// <summary>SKU → units put in the inventory table before the first order.</summary>
    public IReadOnlyDictionary<string, int> Stock { get; }

    public IReadOnlyList<ChaosOrder> Orders { get; }

    /// <summary>The PutEvents entries in the order they are sent: every order once, duplicates a second time a little later.</summary>
    public IReadOnlyList<ChaosOrder> Sends { get; }

    public string OrderIdPrefix => $"ORD-CHAOS-{Tag}-";

    public string SkuPrefix => $"SKU-CHAOS-{Tag}-";

    public string CustomerId => $"CUST-CHAOS-{Tag}";

    public static ChaosPlan Create(int seed, int orders, string tag, ChaosMix mix)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orders);
        ArgumentNullException.ThrowIfNull(mix);
        var random = new Random(seed);
        var skus = Enumerable.Range(1, Prices.Length).Select(i => $"SKU-CHAOS-{tag}-{i}").ToArray();
        var prices = skus.Select((s, i) => (s, Prices[i])).ToDictionary(p => p.s, p => p.Item2, StringComparer.Ordinal);

        // About two units of each of two SKUs per order: stock covers ~80 % of the demand, and the first SKU is scarce,
        // so orders race for the last units while most can still be confirmed.
        var expectedPerSku = Math.Max(1.0, orders * 2.0 * 2.0 / skus.Length);
        var stock = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < skus.Length; i++)
        {
            stock[skus[i]] = i == 0 ? Math.Max(2, orders / 25) : (int)Math.Ceiling(expectedPerSku * 0.8);
        }

        var planned = new List<ChaosOrder>(orders);
        var sends = new List<(double Key, ChaosOrder Order)>();
        for (var i = 0; i < orders; i++)
        {
            var orderId = $"ORD-CHAOS-{tag}-{i.ToString("D5", CultureInfo.InvariantCulture)}";
            var malformed = random.NextDouble() < mix.Malformed;
            var missingId = malformed && random.NextDouble() < 0.5;
            var overStock = !malformed && random.NextDouble() < mix.OverStock;
            var declined = !malformed && random.NextDouble() < mix.Declined;
            var duplicate = !malformed && random.NextDouble() < mix.Duplicate;
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            var lineCount = random.Next(1, 4);
            foreach (var sku in skus.OrderBy(_ => random.Next()).Take(lineCount))
            {
                lines[sku] = random.Next(1, 4);
            }

            if (overStock)
            {
                var sku = lines.Keys.First();
                lines[sku] = stock[sku] + random.Next(1, 6);
            }

            var token = declined ? DecliningTokens[random.Next(DecliningTokens.Length)] : GoodTokens[random.Next(GoodTokens.Length)];
            var total = lines.Sum(l => l.Value * prices[l.Key]);
            var order = new ChaosOrder(orderId, $"CUST-CHAOS-{tag}", lines, prices, total, token, duplicate, malformed, missingId, overStock);
            planned.Add(order);
            sends.Add((i, order));
            if (duplicate)
            {
                sends.Add((i + 0.5 + (random.NextDouble() * 10), order));
            }
        }

        return new ChaosPlan(tag, stock, planned, [.. sends.OrderBy(s => s.Key).Select(s => s.Order)]);
    }
}
