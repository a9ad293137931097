using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Cli;

/// <summary>
/// <c>cost</c>: runs each demo scenario alone on a local cloud and measures what AWS bills for it — state transitions
/// (from the history), events put (the bus's metrics), Lambda requests and duration (the Lambda host's metrics and the
/// function's configured memory), DynamoDB request units (the requests seen leaving for dynalite) and archive bytes —
/// then prices one million such orders at list prices (<see cref="AwsPrices"/>).
/// </summary>
internal sealed class CostRunner(LocalCloud cloud, HttpTrafficProbe probe, TextWriter log)
{
    private const double Million = 1_000_000;
    private const string Malformed = "malformed order";
    private const string DuplicateSecond = "duplicate: 2nd delivery";
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(2);
    private static readonly HashSet<string> WriteOperations = new(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem" };
    private static readonly HashSet<string> ReadOperations = new(StringComparer.Ordinal) { "GetItem", "Query", "Scan" };

    public async Task<(JsonObject Report, int Wrong)> RunAsync(CancellationToken ct)
    {
        var inventory = DemoCommand.Function(cloud.Stack, "InventoryFunction");
        var payment = DemoCommand.Function(cloud.Stack, "PaymentFunction");
        var notification = DemoCommand.Function(cloud.Stack, "NotificationFunction");
        using var client = new EndpointClient(cloud.Endpoint, cloud.Options.Region);
        var scenarios = DemoCommand.Scenarios();

        // Orders first that are not measured: a charged one, and a declined one per SKU the scenarios use. A worker's first
        // invocations run its code before the JIT has compiled it, and the first order on a SKU creates the SKU's
        // reservations map; neither is what a million orders pay for each.
        var warmups = new List<JsonObject> { scenarios.First(s => s.Name == "happy path").Detail };
        foreach (var sku in scenarios.Select(s => (string?)s.Detail["items"]?[0]?["sku"]).Distinct(StringComparer.Ordinal))
        {
            var declined = (JsonObject)scenarios.First(s => (string?)s.Detail["items"]?[0]?["sku"] == sku).Detail.DeepClone();
            declined["payment"] = new JsonObject { ["method"] = "card", ["token"] = "tok_chargeDeclined" };
            warmups.Add(declined);
        }

        foreach (var (warmup, i) in warmups.Select((w, i) => (w, i)))
        {
            var detail = (JsonObject)warmup.DeepClone();
            detail["orderId"] = "ORD-COST-WARMUP-" + i.ToString(CultureInfo.InvariantCulture);
            await SendAsync(client, detail, ct);
        }

        await IdleAsync(ct);
        var measured = new List<Measurement>();
        foreach (var scenario in scenarios)
        {
            if (scenario.Name == "duplicate delivery")
            {
                // The first delivery is the happy path, measured above; what a duplicate costs is the second one.
                await SendAsync(client, scenario.Detail, ct);
                await IdleAsync(ct);
                measured.Add(await MeasureAsync(DuplicateSecond, scenario, () => SendAsync(client, scenario.Detail, ct), ct));
                continue;
            }

            measured.Add(await MeasureAsync(scenario.Name, scenario, scenario.Name switch
            {
                "notification fails" => async () =>
                {
                    cloud.LambdaFaults.FailWith(notification, DemoCommand.InjectedNotificationError, "Injected by cost: the mail provider is down", times: 1);
                    try
                    {
                        await SendAsync(client, scenario.Detail, ct);
                        await IdleAsync(ct);
                    }
                    finally
                    {
                        cloud.LambdaFaults.Clear(notification);
                    }
                },
                "compensation fails" => () => DemoCommand.RunCompensationFailureAsync(cloud, client, scenario, inventory, payment, ct),
                _ => () => SendAsync(client, scenario.Detail, ct),
            }, ct));
        }

        measured.Add(await MeasureAsync(Malformed, null, () => SendAsync(client, DemoCommand.MalformedOrder(), ct), ct));
        var itemBytes = await LargestItemsAsync(ct);
        return Report(measured, itemBytes);
    }

    private async Task<Measurement> MeasureAsync(string name, DemoScenario? scenario, Func<Task> run, CancellationToken ct)
    {
        var started = new List<Execution>();
        void OnStarted(Execution e)
        {
            lock (started)
            {
                started.Add(e);
            }
        }

        var functions = cloud.Lambda.ListFunctions();
        var lambdaBefore = functions.ToDictionary(f => f.Name, f => cloud.Lambda.GetMetrics(f.Name));
        var eventsBefore = cloud.EventBridge.Metrics;
        var archiveBefore = ArchivedBytes();
        probe.Reset();
        cloud.StepFunctions.ExecutionStarted += OnStarted;
        try
        {
            await run();
            await IdleAsync(ct);
        }
        finally
        {
            cloud.StepFunctions.ExecutionStarted -= OnStarted;
        }

        var events = cloud.EventBridge.Metrics;
        var lambda = functions.Select(f =>
        {
            var after = cloud.Lambda.GetMetrics(f.Name);
            var before = lambdaBefore[f.Name];
            return new LambdaUse(f.Name, f.MemorySizeMb, after.Invocations - before.Invocations, after.BilledMilliseconds - before.BilledMilliseconds);
        }).ToList();
        var dynamoDb = probe.DynamoDb.Select(kv => new DynamoDbUse(kv.Key.Operation, kv.Key.Table, kv.Value.Requests, kv.Value.ConsistentReads, kv.Value.LargestItemBytes)).ToList();

        string? problem;
        var transitions = 0;
        var retries = 0;
        var path = "-";
        if (scenario is null)
        {
            problem = started.Count == 0 ? null : $"started {started.Count} execution(s), meant none";
        }
        else if (started.Count != 1)
        {
            problem = $"{started.Count} executions started, meant 1";
        }
        else
        {
            var history = DemoRun.From(started[0]);
            transitions = history.States.Count;
            retries = history.RetryCount;
            path = history.Path();
            problem = (name == DuplicateSecond ? scenario with { Name = name } : scenario).Problem(history);
        }

        log.WriteLine($"# {name}: {(problem is null ? "ended as meant" : "WRONG: " + problem)}");
        return new Measurement(name, transitions, retries, events.Accepted - eventsBefore.Accepted, ArchivedBytes() - archiveBefore, lambda, dynamoDb, path, problem);
    }

    private long ArchivedBytes() =>
        cloud.EventBridge.Archives.Sum(a => a.Events(cloud.Time.GetUtcNow()).Sum(e => (long)e.SizeBytes));

    /// <summary>The largest item in each table at the end: the request units of a write or read are metered on the item's size.</summary>
    private async Task<Dictionary<string, int>> LargestItemsAsync(CancellationToken ct)
    {
        var largest = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var table in cloud.Stack.Tables)
        {
            JsonNode? startKey = null;
            var max = 0;
            do
            {
                var request = new JsonObject { ["TableName"] = table.Name };
                if (startKey is not null)
                {
                    request["ExclusiveStartKey"] = startKey.DeepClone();
                }

                var page = await cloud.DynamoDb.SendAsync("Scan", request, ct);
                foreach (var item in page["Items"] as JsonArray ?? [])
                {
                    using var doc = JsonDocument.Parse(item!.ToJsonString());
                    max = Math.Max(max, DynamoDbItemSize.Of(doc.RootElement));
                }

                startKey = page["LastEvaluatedKey"];
            }
            while (startKey is not null);
            largest[table.Name] = max;
        }

        return largest;
    }

    private (JsonObject Report, int Wrong) Report(List<Measurement> measured, Dictionary<string, int> itemBytes)
    {
        var counts = new TextTable("SCENARIO", "TRANSITIONS", "EVENTS PUT", "LAMBDA REQUESTS", "LAMBDA GB-s", "DYNAMODB WRU", "DYNAMODB RRU", "ARCHIVED KB", "CHECK");
        var prices = new TextTable("SCENARIO", "STEP FUNCTIONS", "EVENTBRIDGE", "LAMBDA REQUESTS", "LAMBDA DURATION", "DYNAMODB", "TOTAL $ / 1M ORDERS");
        var scenarios = new JsonArray();
        foreach (var m in measured)
        {
            var billedTransitions = m.Transitions + m.Retries;
            var requests = m.Lambda.Sum(l => l.Invocations);
            var gbSeconds = m.Lambda.Sum(l => l.BilledMilliseconds / 1000.0 * l.MemoryMb / 1024.0);
            double wru = 0, rru = 0;
            foreach (var d in m.DynamoDb)
            {
                var size = Math.Max(d.LargestItemBytes, itemBytes.GetValueOrDefault(d.Table));
                if (WriteOperations.Contains(d.Operation))
                {
                    wru += d.Requests * Math.Max(1, Math.Ceiling(size / 1024.0));
                }
                else if (ReadOperations.Contains(d.Operation))
                {
                    var units = Math.Max(1, Math.Ceiling(size / 4096.0));
                    rru += (d.ConsistentReads * units) + ((d.Requests - d.ConsistentReads) * units / 2);
                }
            }

            var sfn = billedTransitions * AwsPrices.StepFunctionsStandardPerTransition;
            var eventBridge = (m.EventsPut * AwsPrices.EventBridgeCustomEvent) + (m.ArchivedBytes / (decimal)(1L << 30) * AwsPrices.EventBridgeArchivePerGb);
            var lambdaRequests = requests * AwsPrices.LambdaRequest;
            var lambdaDuration = (decimal)gbSeconds * AwsPrices.LambdaGbSecondX86;
            var dynamoDb = ((decimal)wru * AwsPrices.DynamoDbWriteRequestUnit) + ((decimal)rru * AwsPrices.DynamoDbReadRequestUnit);
            var total = sfn + eventBridge + lambdaRequests + lambdaDuration + dynamoDb;
            const decimal perMillion = 1_000_000m;
            counts.Add(m.Name, m.Retries > 0 ? $"{billedTransitions} ({m.Transitions} + {m.Retries} retries)" : billedTransitions.ToString(CultureInfo.InvariantCulture),
                m.EventsPut.ToString(CultureInfo.InvariantCulture), requests.ToString(CultureInfo.InvariantCulture), F(gbSeconds, "0.0000"),
                F(wru, "0.#"), F(rru, "0.#"), F(m.ArchivedBytes / 1024.0, "0.0"), m.Problem is null ? "ok" : "WRONG");
            prices.Add(m.Name, Usd(sfn * perMillion), Usd(eventBridge * perMillion), Usd(lambdaRequests * perMillion), Usd(lambdaDuration * perMillion), Usd(dynamoDb * perMillion), Usd(total * perMillion));
            scenarios.Add(new JsonObject
            {
                ["scenario"] = m.Name,
                ["path"] = m.Path,
                ["check"] = m.Problem ?? "ok",
                ["measured"] = new JsonObject
                {
                    ["stateTransitions"] = billedTransitions,
                    ["statesEntered"] = m.Transitions,
                    ["retries"] = m.Retries,
                    ["eventsPut"] = m.EventsPut,
                    ["archivedBytes"] = m.ArchivedBytes,
                    ["lambda"] = new JsonArray([.. m.Lambda.Where(l => l.Invocations > 0).Select(l => (JsonNode)new JsonObject
                    {
                        ["function"] = l.Function,
                        ["invocations"] = l.Invocations,
                        ["billedMilliseconds"] = l.BilledMilliseconds,
                        ["memoryMb"] = l.MemoryMb,
                    })]),
                    ["lambdaGbSeconds"] = Math.Round(gbSeconds, 6),
                    ["dynamoDb"] = new JsonArray([.. m.DynamoDb.OrderBy(d => d.Table, StringComparer.Ordinal).ThenBy(d => d.Operation, StringComparer.Ordinal).Select(d => (JsonNode)new JsonObject
                    {
                        ["table"] = d.Table,
                        ["operation"] = d.Operation,
                        ["requests"] = d.Requests,
                        ["stronglyConsistent"] = d.ConsistentReads,
                        ["largestItemBytes"] = Math.Max(d.LargestItemBytes, itemBytes.GetValueOrDefault(d.Table)),
                    })]),
                    ["dynamoDbWriteRequestUnits"] = wru,
                    ["dynamoDbReadRequestUnits"] = rru,
                },
                ["usdPerMillionOrders"] = new JsonObject
                {
                    ["stepFunctions"] = Round(sfn * perMillion),
                    ["eventBridge"] = Round(eventBridge * perMillion),
                    ["lambdaRequests"] = Round(lambdaRequests * perMillion),
                    ["lambdaDuration"] = Round(lambdaDuration * perMillion),
                    ["dynamoDb"] = Round(dynamoDb * perMillion),
                    ["total"] = Round(total * perMillion),
                },
            });
        }

        log.WriteLine();
        log.WriteLine("Measured per order (transitions: every state entered plus every retry, as AWS bills Standard workflows):");
        counts.WriteTo(log);
        log.WriteLine();
        log.WriteLine("What one million such orders cost on AWS at us-east-1 list prices, in USD (no free tier):");
        prices.WriteTo(log);
        log.WriteLine();
        log.WriteLine("Prices: Step Functions Standard $0.025 per 1,000 transitions; EventBridge custom events $1.00 per million, archive $0.10 per GB; " +
            "Lambda $0.20 per million requests, $0.0000166667 per GB-second (x86); DynamoDB on-demand $0.625 per million WRU, $0.125 per million RRU (Cli/AwsPrices.cs has the sources).");
        log.WriteLine("Lambda duration is this machine's: each invocation's time from the worker taking the event to its answer, rounded up to the ms, times the memory the template configures.");
        log.WriteLine("Not priced: CloudWatch Logs (the state machine logs ALL, the audit rule writes a log group), X-Ray, SQS, storage, data transfer, Lambda INIT on cold starts.");
        var wrong = measured.Count(m => m.Problem is not null);
        var report = new JsonObject
        {
            ["command"] = "cost",
            ["prices"] = new JsonObject
            {
                ["region"] = "us-east-1",
                ["stepFunctionsStandardPerTransition"] = AwsPrices.StepFunctionsStandardPerTransition,
                ["eventBridgeCustomEvent"] = AwsPrices.EventBridgeCustomEvent,
                ["eventBridgeArchivePerGb"] = AwsPrices.EventBridgeArchivePerGb,
                ["lambdaRequest"] = AwsPrices.LambdaRequest,
                ["lambdaGbSecondX86"] = AwsPrices.LambdaGbSecondX86,
                ["dynamoDbWriteRequestUnit"] = AwsPrices.DynamoDbWriteRequestUnit,
                ["dynamoDbReadRequestUnit"] = AwsPrices.DynamoDbReadRequestUnit,
            },
            ["largestItemBytesByTable"] = new JsonObject([.. itemBytes.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["scenarios"] = scenarios,
            ["wrong"] = wrong,
        };
        return (report, wrong);
    }

    private static async Task SendAsync(EndpointClient client, JsonObject detail, CancellationToken ct)
    {
        var response = await client.EventBridgeAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(OrderEvents.Entry(detail, OrderEvents.DefaultBus)) }, ct);
        if (response["FailedEntryCount"]?.GetValue<int>() is not 0)
        {
            throw new DemoException($"PutEvents refused an order: {response.ToJsonString()}");
        }
    }

    private async Task IdleAsync(CancellationToken ct) => await cloud.WhenIdleAsync(ct).WaitAsync(IdleTimeout, ct);

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Usd(decimal value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    private static double Round(decimal value) => (double)Math.Round(value, 6);

    private sealed record LambdaUse(string Function, int MemoryMb, long Invocations, long BilledMilliseconds);

    private sealed record DynamoDbUse(string Operation, string Table, long Requests, long ConsistentReads, int LargestItemBytes);

    private sealed record Measurement(string Name, int Transitions, int Retries, long EventsPut, long ArchivedBytes, List<LambdaUse> Lambda, List<DynamoDbUse> DynamoDb, string Path, string? Problem);
}
