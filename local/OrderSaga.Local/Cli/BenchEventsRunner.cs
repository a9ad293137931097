using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Events;

namespace OrderSaga.Local.Cli;

/// <summary>
/// <c>bench events</c>: order events per second matched against a bus of 1, 100, 1,000... compiled rules. The rules are
/// what a shared bus carries: the saga's own (by source and detail-type, numeric ranges, prefixes, anything-but,
/// nested and array fields) among other teams' rules on their own sources, and a few without a source.
/// </summary>
internal static class BenchEventsRunner
{
    private static readonly string[] Countries = ["FR", "DE", "ES", "IT", "NL", "BE", "PL", "SE"];
    private static readonly (string Source, string DetailType, string Status)[] Kinds =
    [
        ("ordersaga.orders", "OrderPlaced", "PLACED"),
        ("ordersaga.orders", "OrderPlaced", "PLACED"),
        ("ordersaga.orders", "OrderShipped", "SHIPPED"),
        ("ordersaga.orders", "OrderCancelled", "CANCELLED"),
        ("ordersaga.payments", "PaymentApproved", "APPROVED"),
        ("ordersaga.payments", "PaymentDeclined", "DECLINED"),
        ("ordersaga.inventory", "InventoryReserved", "RESERVED"),
        ("ordersaga.inventory", "InventoryReleased", "RELEASED"),
    ];

    public static (JsonObject Report, bool Consistent) Run(int[] ruleCounts, int eventCount, int distinctEvents, int repeat, TextWriter log)
    {
        var events = Enumerable.Range(0, distinctEvents).Select(EventJson).ToArray();
        var utf8 = events.Select(Encoding.UTF8.GetBytes).ToArray();
        var docs = events.Select(e => JsonDocument.Parse(e)).ToArray();
        try
        {
            var flats = docs.Select(d => FlatEvent.Create(d.RootElement)).ToArray();
            var rows = new JsonArray();
            var consistent = true;
            log.WriteLine($"# bench events: {distinctEvents} distinct order events, {eventCount} matches per measurement, median of {repeat}");
            foreach (var count in ruleCounts)
            {
                var compile = Stopwatch.StartNew();
                var bus = new EventBus("default", "arn:aws:events:us-east-1:111111111111:event-bus/default");
                for (var k = 0; k < count; k++)
                {
                    var pattern = EventPattern.Parse(PatternJson(k));
                    bus.PutRule(new EventRule($"rule-{k}", $"arn:aws:events:us-east-1:111111111111:rule/rule-{k}", pattern, []));
                }

                compile.Stop();

                // Every rule tested one by one must agree with the bus's indexed match.
                var mismatches = 0;
                long matches = 0;
                foreach (var flat in flats)
                {
                    var byBus = bus.Match(flat).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                    var oneByOne = bus.Rules.Where(r => r.Pattern.Matches(flat)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
                    matches += byBus.Count;
                    if (!byBus.SetEquals(oneByOne))
                    {
                        mismatches++;
                    }
                }

                consistent &= mismatches == 0;
                var matchOnly = Measure(repeat, eventCount, i => bus.Match(flats[i % flats.Length]).Count);
                var flattenMatch = Measure(repeat, eventCount, i => bus.Match(FlatEvent.Create(docs[i % docs.Length].RootElement)).Count);
                var parseFlattenMatch = Measure(repeat, eventCount, i =>
                {
                    using var doc = JsonDocument.Parse(utf8[i % utf8.Length]);
                    return bus.Match(FlatEvent.Create(doc.RootElement)).Count;
                });
                var row = new JsonObject
                {
                    ["rules"] = count,
                    ["compileMs"] = Math.Round(compile.Elapsed.TotalMilliseconds, 2),
                    ["avgMatchedRulesPerEvent"] = Math.Round((double)matches / flats.Length, 3),
                    ["matchOnlyPerSecond"] = Math.Round(matchOnly),
                    ["flattenAndMatchPerSecond"] = Math.Round(flattenMatch),
                    ["parseFlattenAndMatchPerSecond"] = Math.Round(parseFlattenMatch),
                    ["mismatchesAgainstRuleByRule"] = mismatches,
                };
                rows.Add(row);
                log.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"rules {count,5}: match {matchOnly,12:N0}/s  flatten+match {flattenMatch,12:N0}/s  parse+flatten+match {parseFlattenMatch,12:N0}/s  avg matched {row["avgMatchedRulesPerEvent"]}  compile {compile.Elapsed.TotalMilliseconds:0.0} ms  mismatches {mismatches}"));
            }

            var report = new JsonObject
            {
                ["env"] = new JsonObject
                {
                    ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                    ["cpus"] = Environment.ProcessorCount,
                    ["distinctEvents"] = distinctEvents,
                    ["eventsPerMeasurement"] = eventCount,
                    ["repeat"] = repeat,
                    ["sampleEvent"] = events[0],
                    ["samplePatterns"] = new JsonArray(Enumerable.Range(0, 10).Select(k => (JsonNode?)PatternJson(k)).ToArray()),
                },
                ["results"] = rows,
                ["peakRssMB"] = BenchMeter.PeakRssMB(),
                ["consistent"] = consistent,
            };
            return (report, consistent);
        }
        finally
        {
            foreach (var doc in docs)
            {
                doc.Dispose();
            }
        }
    }

    private static double Measure(int repeat, int count, Func<int, int> one)
    {
        for (var i = 0; i < Math.Min(count, 20000); i++)
        {
            one(i);
        }

        var rates = new List<double>();
        for (var r = 0; r < repeat; r++)
        {
            var sink = 0;
            var t0 = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                sink += one(i);
            }

            var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            GC.KeepAlive(sink);
            rates.Add(count / seconds);
        }

        return BenchMeter.Median(rates);
    }

    private static string EventJson(int i)
    {
        var (source, detailType, status) = Kinds[i % Kinds.Length];
        var inv = CultureInfo.InvariantCulture;
        var items = new JsonArray();
        for (var n = 0; n <= i % 3; n++)
        {
            items.Add(new JsonObject { ["sku"] = "SKU-" + ((i + n) % 50).ToString(inv), ["qty"] = 1 + (n % 3) });
        }

        var e = new JsonObject
        {
            ["version"] = "0",
            ["id"] = $"6a7e8feb-b491-4cf7-a9f1-{i:x12}",
            ["detail-type"] = detailType,
            ["source"] = source,
            ["account"] = "111111111111",
            ["time"] = "2026-11-24T12:00:00Z",
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = new JsonObject
            {
                ["orderId"] = "o-" + i.ToString(inv),
                ["customerId"] = "c-" + (i % 97).ToString(inv),
                ["amount"] = 5 + (i * 37 % 995) + 0.5,
                ["currency"] = i % 4 == 0 ? "USD" : "EUR",
                ["status"] = status,
                ["channel"] = i % 3 == 0 ? "mobile" : "web",
                ["items"] = items,
                ["shipping"] = new JsonObject { ["country"] = Countries[i % Countries.Length], ["express"] = i % 5 == 0 },
            },
        };
        return e.ToJsonString();
    }

    private static string PatternJson(int k)
    {
        var inv = CultureInfo.InvariantCulture;
        return (k % 10) switch
        {
            0 => """{"source":["ordersaga.orders"],"detail-type":["OrderPlaced"]}""",
            1 => string.Create(inv, $$$"""{"source":["ordersaga.payments"],"detail-type":["PaymentDeclined"],"detail":{"amount":[{"numeric":[">",{{{k % 500}}}]}]}}"""),
            2 => string.Create(inv, $$$"""{"source":["ordersaga.orders"],"detail":{"customerId":[{"prefix":"c-{{{k % 97}}}"}]}}"""),
            3 => string.Create(inv, $$$$"""{"source":["ordersaga.orders"],"detail-type":["OrderShipped"],"detail":{"shipping":{"country":["{{{{Countries[k % Countries.Length]}}}}"],"express":[true]}}}"""),
            4 => string.Create(inv, $$$$"""{"source":["ordersaga.inventory"],"detail":{"items":{"sku":["SKU-{{{{k % 50}}}}"]}}}"""),
            5 => """{"source":["ordersaga.orders","ordersaga.payments"],"detail":{"status":[{"anything-but":["CANCELLED","DECLINED"]}],"channel":["web"],"currency":[{"exists":true}]}}""",
            9 => string.Create(inv, $$$"""{"detail-type":["OrderPlaced","OrderCancelled"],"detail":{"amount":[{"numeric":[">=",{{{k % 300}}},"<",{{{(k % 300) + 200}}}]}]}}"""),
            _ => string.Create(inv, $$$"""{"source":["acme.team{{{k}}}"],"detail-type":["Updated"],"detail":{"tier":["gold","silver"]}}"""),
        };
    }
}
