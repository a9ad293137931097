using System.Globalization;
using BenchmarkDotNet.Attributes;
using OrderSaga.Local.Events;

namespace OrderSaga.Benchmarks;

/// <summary>
/// EventBus.Match of an "Order Created" event against a bus of 1, 100 or 1,000 rules: the saga's own kinds of pattern
/// (source + detail-type, numeric range, prefix, nested and array fields, anything-but, exists), other teams' rules on
/// their own sources, and one in ten rules without a source, which the bus cannot index by source.
/// </summary>
[MemoryDiagnoser]
public class EventBusMatchBenchmarks
{
    private static readonly string[] Countries = ["FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE"];
    private EventBus _bus = null!;
    private FlatEvent _event = null!;
    private string _eventJson = "";

    [Params(1, 100, 1000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _bus = new EventBus("order-saga", "arn:aws:events:us-east-1:000000000000:event-bus/order-saga");
        for (var k = 0; k < Rules; k++)
        {
            var name = "rule-" + k.ToString(CultureInfo.InvariantCulture);
            _bus.PutRule(new EventRule(name, "arn:aws:events:us-east-1:000000000000:rule/order-saga/" + name, EventPattern.Parse(Pattern(k)), []));
        }

        _eventJson = SampleData.OrderEvent(lines: 3).ToJsonString();
        if (!FlatEvent.TryCreate(_eventJson, out _event))
        {
            throw new InvalidOperationException("the sample event is not valid JSON");
        }

        if (_bus.Match(_event).Count == 0)
        {
            throw new InvalidOperationException("the sample event matches no rule; the benchmark would measure only the index miss");
        }
    }

    /// <summary>Match of an event already flattened (as the bus holds it after PutEvents validation).</summary>
    [Benchmark]
    public int Match() => _bus.Match(_event).Count;

    /// <summary>Parse and flatten the event's JSON, then match: what one PutEvents entry costs the bus.</summary>
    [Benchmark]
    public int FlattenAndMatch() => FlatEvent.TryCreate(_eventJson, out var flat) ? _bus.Match(flat).Count : -1;

    private static string Pattern(int k) => (k % 10) switch
    {
        0 => """{"source":["ordersaga.orders"],"detail-type":["Order Created"],"detail":{"orderId":[{"exists":true}],"totalAmount":[{"numeric":[">",0]}]}}""",
        1 => string.Create(CultureInfo.InvariantCulture, $$$"""{"source":["ordersaga.payments"],"detail-type":["Payment Declined"],"detail":{"amount":[{"numeric":[">",{{{k % 500}}}]}]}}"""),
        2 => string.Create(CultureInfo.InvariantCulture, $$$"""{"source":["ordersaga.orders"],"detail":{"customerId":[{"prefix":"CUST-{{{k % 97}}}"}]}}"""),
        3 => string.Create(CultureInfo.InvariantCulture, $$$$"""{"source":["ordersaga.orders"],"detail-type":["Order Shipped"],"detail":{"shipping":{"country":["{{{{Countries[k % Countries.Length]}}}}"]}}}"""),
        4 => string.Create(CultureInfo.InvariantCulture, $$$$"""{"source":["ordersaga.orders"],"detail":{"items":{"sku":["SKU-{{{{k % 50}}}}"]}}}"""),
        5 => """{"source":["ordersaga.orders","ordersaga.payments"],"detail":{"currency":[{"anything-but":["EUR","GBP"]}],"payment":{"method":["card"]}}}""",
        9 => string.Create(CultureInfo.InvariantCulture, $$$"""{"detail-type":["Order Created","Order Cancelled"],"detail":{"totalAmount":[{"numeric":[">=",{{{k % 300}}},"<",{{{(k % 300) + 200}}}]}]}}"""),
        _ => string.Create(CultureInfo.InvariantCulture, $$$"""{"source":["acme.team{{{k}}}"],"detail-type":["Updated"],"detail":{"tier":["gold","silver"]}}"""),
    };
}
