using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.Cloud;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Cli;

/// <summary>
/// <c>bench e2e</c>: orders through a running local cloud, from PutEvents on its endpoint to the execution's end, at
/// several levels of orders in flight; with where the time goes (EventBridge delivery, Lambda hand-off and handlers,
/// dynalite, the endpoint's request kinds, CPU per process) and the Lambda host's cold and warm starts.
/// </summary>
internal sealed class BenchEndToEndRunner(LocalCloud cloud, BenchEndToEndOptions options, HttpTrafficProbe probe, TextWriter log)
{
    public const string SkuPrefix = "SKU-E2E-";
    public const int Skus = 10;
    private static readonly TimeSpan OrderTimeout = TimeSpan.FromMinutes(2);
    private readonly ConcurrentDictionary<string, PendingOrder> pending = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<LambdaInvocationTiming> invocations = new();
    private readonly List<LambdaInvocationTiming> allInvocations = [];
    private readonly List<OrderRun> verified = [];

    public async Task<(JsonObject Report, int Wrong)> RunAsync(CancellationToken ct)
    {
        cloud.StepFunctions.ExecutionStarted += OnExecutionStarted;
        cloud.Lambda.InvocationCompleted += invocations.Enqueue;
        try
        {
            using var client = new EndpointClient(cloud.Endpoint, cloud.Options.Region);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# warm-up: {options.Warmup} orders, 4 in flight (starts the Lambda workers and warms their JIT; not measured)"));
            var warm = await RunLevelAsync(client, "warmup", options.Warmup, Math.Min(4, options.Warmup), ct);
            DrainInvocations();

            var levels = new JsonArray();
            var table = new TextTable("IN FLIGHT", "ORDERS", "WALL s", "ORDERS/s", "p50 ms", "p90 ms", "p99 ms", "MAX ms", "CPU ms/ORDER (host / dynalite / workers)");
            var breakdowns = new List<(int Level, JsonObject Breakdown)>();
            foreach (var level in options.Levels)
            {
                probe.Reset();
                DrainInvocations();
                var cpuBefore = ProcessTreeCpu.Sample();
                var result = await RunLevelAsync(client, level.ToString(CultureInfo.InvariantCulture), options.Orders, level, ct);
                var cpu = ProcessTreeCpu.Difference(cpuBefore, ProcessTreeCpu.Sample());
                var levelInvocations = DrainInvocations();
                var latencies = result.Orders.Where(o => o.Problem is null).Select(o => o.LatencyMs).Order().DefaultIfEmpty(0).ToArray();
                var perSecond = result.Orders.Count / result.Wall.TotalSeconds;
                var cpuText = cpu is null ? "-" : string.Join(" / ", new[] { ProcessTreeCpu.Host, ProcessTreeCpu.Dynalite, ProcessTreeCpu.Workers }.Select(k => F0(cpu[k].TotalMilliseconds / result.Orders.Count)));
                table.Add(level.ToString(CultureInfo.InvariantCulture), result.Orders.Count.ToString(CultureInfo.InvariantCulture), F1(result.Wall.TotalSeconds), F1(perSecond),
                    F1(Percentile(latencies, 50)), F1(Percentile(latencies, 90)), F1(Percentile(latencies, 99)), F1(latencies[^1]), cpuText);
                var breakdown = Breakdown(result, levelInvocations, cpu);
                breakdowns.Add((level, breakdown));
                levels.Add(new JsonObject
                {
                    ["concurrency"] = level,
                    ["orders"] = result.Orders.Count,
                    ["wallSeconds"] = Math.Round(result.Wall.TotalSeconds, 3),
                    ["ordersPerSecond"] = Math.Round(perSecond, 2),
                    ["latencyMs"] = new JsonObject
                    {
                        ["p50"] = Round(Percentile(latencies, 50)),
                        ["p90"] = Round(Percentile(latencies, 90)),
                        ["p99"] = Round(Percentile(latencies, 99)),
                        ["max"] = Round(latencies[^1]),
                        ["mean"] = Round(latencies.Average()),
                    },
                    ["breakdownPerOrder"] = breakdown,
                });
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {level} in flight: {result.Orders.Count} orders in {result.Wall.TotalSeconds:0.0} s = {perSecond:0.0} orders/s, p50 {Percentile(latencies, 50):0} ms, p99 {Percentile(latencies, 99):0} ms"));
            }

            var wrong = await VerifyAsync(ct);
            log.WriteLine();
            table.WriteTo(log);
            log.WriteLine();
            foreach (var (level, breakdown) in breakdowns)
            {
                WriteBreakdown(level, breakdown);
            }

            var lambda = LambdaReport();
            WriteLambda(lambda);
            var report = new JsonObject
            {
                ["benchmark"] = "bench e2e",
                ["environment"] = new JsonObject
                {
                    ["machine"] = Environment.MachineName,
                    ["processors"] = Environment.ProcessorCount,
                    ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                    ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                },
                ["config"] = new JsonObject
                {
                    ["ordersPerLevel"] = options.Orders,
                    ["levels"] = new JsonArray([.. options.Levels.Select(l => (JsonNode)l)]),
                    ["mix"] = options.Mixed ? "mixed (9 in 10 charged, 1 in 10 declined)" : "happy",
                    ["clock"] = options.VirtualClock ? "virtual" : "real",
                    ["warmupOrders"] = options.Warmup,
                    ["maxWorkersPerFunction"] = cloud.Lambda.Options.MaxWorkersPerFunction,
                    ["measuredFrom"] = "before PutEvents on the endpoint (HTTP, as the AWS CLI sends it)",
                    ["measuredTo"] = "the execution's Completion task (terminal state), observed in process",
                },
                ["levels"] = levels,
                ["lambda"] = lambda,
                ["correctness"] = new JsonObject { ["orders"] = verified.Count + warm.Orders.Count, ["wrong"] = wrong },
            };
            return (report, wrong);
        }
        finally
        {
            cloud.StepFunctions.ExecutionStarted -= OnExecutionStarted;
            cloud.Lambda.InvocationCompleted -= invocations.Enqueue;
        }
    }

    private async Task<LevelResult> RunLevelAsync(EndpointClient client, string label, int total, int concurrency, CancellationToken ct)
    {
        var runs = new OrderRun[total];
        var next = -1;
        var wall = Stopwatch.StartNew();

        async Task Worker()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= total)
                {
                    return;
                }

                runs[i] = await RunOrderAsync(client, $"ORD-E2E-{label}-{i.ToString(CultureInfo.InvariantCulture)}", i, ct);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(Worker, ct)));
        wall.Stop();

        // The saga's own events (Order Confirmed → the audit log group) are delivered after the execution ends.
        await cloud.WhenIdleAsync(ct).WaitAsync(OrderTimeout, ct);
        lock (verified)
        {
            verified.AddRange(runs);
        }

        return new LevelResult([.. runs], wall.Elapsed);
    }

    private async Task<OrderRun> RunOrderAsync(EndpointClient client, string orderId, int i, CancellationToken ct)
    {
        var declined = options.Mixed && i % 10 == 9;
        var detail = OrderEvents.Detail(orderId, "CUST-" + (i % 97).ToString(CultureInfo.InvariantCulture), "ada@example.com",
            SkuPrefix + (i % Skus).ToString(CultureInfo.InvariantCulture), 1, 12.50m, declined ? "tok_chargeDeclined" : "tok_visa", "USD");
        var order = new PendingOrder();
        pending[orderId] = order;
        var put = Stopwatch.GetTimestamp();
        try
        {
            var response = await client.EventBridgeAsync("PutEvents", new JsonObject { ["Entries"] = new JsonArray(OrderEvents.Entry(detail, OrderEvents.DefaultBus)) }, ct);
            var acked = Stopwatch.GetTimestamp();
            if (response["FailedEntryCount"]?.GetValue<int>() is not 0)
            {
                return OrderRun.Broken(orderId, declined, $"PutEvents refused the order: {response.ToJsonString()}");
            }

            var (execution, started) = await order.Started.Task.WaitAsync(OrderTimeout, ct);
            await execution.Completion.WaitAsync(OrderTimeout, ct);
            var ended = Stopwatch.GetTimestamp();
            return new OrderRun(orderId, declined, execution, put, acked, started, ended, null);
        }
        catch (TimeoutException)
        {
            return OrderRun.Broken(orderId, declined, $"did not start and end within {OrderTimeout.TotalMinutes:0} minutes");
        }
        catch (EndpointException ex)
        {
            return OrderRun.Broken(orderId, declined, "PutEvents failed: " + ex.Message);
        }
        finally
        {
            pending.TryRemove(orderId, out _);
        }
    }

    private void OnExecutionStarted(Execution execution)
    {
        if (OrderEvents.OrderIdOf(execution.Input) is { } id && pending.TryGetValue(id, out var order))
        {
            order.Started.TrySetResult((execution, Stopwatch.GetTimestamp()));
        }
    }

    private List<LambdaInvocationTiming> DrainInvocations()
    {
        var drained = new List<LambdaInvocationTiming>();
        while (invocations.TryDequeue(out var timing))
        {
            drained.Add(timing);
        }

        allInvocations.AddRange(drained);
        return drained;
    }

    /// <summary>Each order must end as its kind requires, in the history and in the orders table; returns how many did not.</summary>
    private async Task<int> VerifyAsync(CancellationToken ct)
    {
        var ordersTable = cloud.Stack.Tables.FirstOrDefault(t => t.LogicalId.StartsWith("OrdersTable", StringComparison.Ordinal))?.Name
            ?? throw new DemoException("the stack has no OrdersTable; is cdk.out from another app?");
        var wrong = 0;
        foreach (var run in verified)
        {
            var problem = run.Problem;
            if (problem is null)
            {
                var history = DemoRun.From(run.Execution!);
                var item = await cloud.DynamoDb.GetItemAsync(ordersTable, new JsonObject { [TableAttributes.Orders.OrderId] = new JsonObject { ["S"] = run.OrderId } }, ct);
                var status = item?[TableAttributes.Orders.Status]?["S"]?.GetValue<string>();
                problem = run.Declined
                    ? history.Status != "FAILED" || run.Execution!.Error != ErrorNames.OrderCancelled || run.Execution.Cause != CancellationReasons.PaymentDeclined
                        ? $"ended {history.Status} {run.Execution!.Error} {run.Execution.Cause}, meant FAILED {ErrorNames.OrderCancelled} {CancellationReasons.PaymentDeclined}"
                        : status != OrderStatus.Cancelled ? $"order status {status ?? "(no item)"}, meant {OrderStatus.Cancelled}" : null
                    : history.Status != "SUCCEEDED" || history.LastState != SagaStates.OrderConfirmed || history.RetryCount > 0
                        ? $"ended {history.Status} in {history.LastState} after {history.RetryCount} retries, meant SUCCEEDED in {SagaStates.OrderConfirmed} without retries"
                        : status != OrderStatus.Confirmed ? $"order status {status ?? "(no item)"}, meant {OrderStatus.Confirmed}" : null;
            }

            if (problem is not null && ++wrong <= 10)
            {
                await Console.Error.WriteLineAsync($"bench e2e: {run.OrderId}: {problem}");
            }
        }

        return wrong;
    }

    private JsonObject Breakdown(LevelResult result, List<LambdaInvocationTiming> lambda, IReadOnlyDictionary<string, TimeSpan>? cpu)
    {
        var n = (double)result.Orders.Count;
        var good = result.Orders.Where(o => o.Problem is null).ToList();
        double Avg(Func<OrderRun, long> from, Func<OrderRun, long> to) => good.Count == 0 ? 0 : good.Average(o => Stopwatch.GetElapsedTime(from(o), to(o)).TotalMilliseconds);
        var stateMachineDynamo = probe.DynamoDb.Where(kv => kv.Key.Origin == HttpTrafficProbe.FromStateMachine).Select(kv => kv.Value).ToList();
        var lambdaDynamo = probe.DynamoDb.Where(kv => kv.Key.Origin == HttpTrafficProbe.FromLambda).Select(kv => kv.Value).ToList();
        var putToStart = Avg(o => o.Put, o => o.Started);
        var execution = Avg(o => o.Started, o => o.Ended);
        var lambdaTotal = lambda.Sum(t => t.Total.TotalMilliseconds) / n;
        var smDynamo = stateMachineDynamo.Sum(t => t.Elapsed.TotalMilliseconds) / n;
        var breakdown = new JsonObject
        {
            ["endToEndMs"] = Round(Avg(o => o.Put, o => o.Ended)),
            ["putEventsRoundTripMs"] = Round(Avg(o => o.Put, o => o.Acked)),
            ["putEventsToExecutionStartedMs"] = Round(putToStart),
            ["executionStartedToEndMs"] = Round(execution),
            ["lambdaInvocations"] = Round(lambda.Count / n),
            ["lambdaTotalMs"] = Round(lambdaTotal),
            ["lambdaSlotWaitMs"] = Round(lambda.Sum(t => t.SlotWait.TotalMilliseconds) / n),
            ["lambdaHandOffMs"] = Round(lambda.Sum(t => t.Queued.TotalMilliseconds) / n),
            ["lambdaHandlerMs"] = Round(lambda.Sum(t => t.Handler.TotalMilliseconds) / n),
            ["dynamoDbCallsFromLambda"] = Round(lambdaDynamo.Sum(t => t.Requests) / n),
            ["dynaliteMsForLambdaCalls"] = Round(lambdaDynamo.Sum(t => t.Elapsed.TotalMilliseconds) / n),
            ["dynamoDbCallsFromStateMachine"] = Round(stateMachineDynamo.Sum(t => t.Requests) / n),
            ["dynaliteMsForStateMachineCalls"] = Round(smDynamo),
            ["executionRestMs"] = Round(execution - lambdaTotal - smDynamo - (lambda.Sum(t => t.SlotWait.TotalMilliseconds) / n)),
        };
        var endpoint = new JsonObject();
        foreach (var (kind, tally) in probe.Server.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            endpoint[kind] = new JsonObject { ["requestsPerOrder"] = Round(tally.Requests / n), ["msPerOrder"] = Round(tally.Elapsed.TotalMilliseconds / n) };
        }

        breakdown["endpointRequests"] = endpoint;
        if (cpu is not null)
        {
            breakdown["cpuMsPerOrder"] = new JsonObject([.. cpu.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)Round(kv.Value.TotalMilliseconds / n)))]);
        }

        return breakdown;
    }

    private void WriteBreakdown(int level, JsonObject b)
    {
        string V(string key) => F1(b[key]!.GetValue<double>());
        log.WriteLine($"Where the time goes, {level} in flight (ms per order; the parts add up only at 1 in flight, where nothing overlaps):");
        log.WriteLine($"  end to end                                   {V("endToEndMs")}");
        log.WriteLine($"    PutEvents → execution started              {V("putEventsToExecutionStartedMs")}   (HTTP PutEvents {V("putEventsRoundTripMs")}; EventBridge match + delivery + StartExecution + the first state up to its DynamoDB call)");
        log.WriteLine($"    execution started → terminal state         {V("executionStartedToEndMs")}");
        log.WriteLine($"      waiting for a free Lambda worker (at most {cloud.Lambda.Options.MaxWorkersPerFunction} per function)  {V("lambdaSlotWaitMs")}");
        log.WriteLine($"      Lambda invocations ({V("lambdaInvocations")})                {V("lambdaTotalMs")}   (hand-off to a worker over the Runtime API {V("lambdaHandOffMs")}; worker handler incl. its DynamoDB calls and posting the result {V("lambdaHandlerMs")})");
        log.WriteLine($"        of which dynalite, {V("dynamoDbCallsFromLambda")} calls via the proxy  {V("dynaliteMsForLambdaCalls")}");
        log.WriteLine($"      state machine's DynamoDB tasks ({V("dynamoDbCallsFromStateMachine")} calls)  {V("dynaliteMsForStateMachineCalls")}");
        log.WriteLine($"      the rest: engine, virtual clock, events:putEvents, scheduling  {V("executionRestMs")}");
        if (b["endpointRequests"] is JsonObject endpoint && endpoint.Count > 0)
        {
            log.WriteLine("  endpoint time by request kind: " + string.Join("; ", endpoint.Select(kv => $"{kv.Key} ×{F1(kv.Value!["requestsPerOrder"]!.GetValue<double>())} = {F1(kv.Value["msPerOrder"]!.GetValue<double>())}")));
        }

        if (b["cpuMsPerOrder"] is JsonObject cpu)
        {
            log.WriteLine("  CPU per order: " + string.Join("; ", cpu.Select(kv => $"{kv.Key} {F1(kv.Value!.GetValue<double>())} ms")));
        }

        log.WriteLine();
    }

    private JsonObject LambdaReport()
    {
        var report = new JsonObject();
        foreach (var group in allInvocations.GroupBy(t => t.FunctionName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var metrics = cloud.Lambda.GetMetrics(group.Key);
            var cold = group.Where(t => t.ColdStart).Select(t => t.Total.TotalMilliseconds).Order().ToArray();
            var warm = group.Where(t => !t.ColdStart).Select(t => t.Total.TotalMilliseconds).Order().ToArray();
            var warmHandler = group.Where(t => !t.ColdStart).Select(t => t.Handler.TotalMilliseconds).Order().ToArray();
            report[group.Key] = new JsonObject
            {
                ["invocations"] = group.Count(),
                ["coldStarts"] = metrics.ColdStarts,
                ["coldStartMs"] = new JsonObject
                {
                    ["definition"] = "worker process start → its first answer (the host's metric)",
                    ["average"] = metrics.AverageColdStart is { } avg ? Round(avg.TotalMilliseconds) : null,
                    ["min"] = cold.Length > 0 ? Round(cold[0]) : null,
                    ["max"] = cold.Length > 0 ? Round(cold[^1]) : null,
                },
                ["warmInvocationMs"] = new JsonObject
                {
                    ["definition"] = "Invoke accepted by the host → answer, on a warm worker, all levels",
                    ["count"] = warm.Length,
                    ["p50"] = Round(Percentile(warm, 50)),
                    ["p99"] = Round(Percentile(warm, 99)),
                    ["handlerP50"] = Round(Percentile(warmHandler, 50)),
                    ["handlerP99"] = Round(Percentile(warmHandler, 99)),
                },
                ["billedMilliseconds"] = metrics.BilledMilliseconds,
            };
        }

        return report;
    }

    private void WriteLambda(JsonObject lambda)
    {
        var table = new TextTable("FUNCTION", "INVOCATIONS", "COLD STARTS", "COLD START ms (avg / min / max)", "WARM p50 ms", "WARM p99 ms", "HANDLER p50 / p99 ms");
        foreach (var (name, node) in lambda)
        {
            var cold = node!["coldStartMs"]!;
            var warm = node["warmInvocationMs"]!;
            string D(JsonNode? v) => v is null ? "-" : F1(v.GetValue<double>());
            table.Add(name, node["invocations"]!.ToString(), node["coldStarts"]!.ToString(), $"{D(cold["average"])} / {D(cold["min"])} / {D(cold["max"])}",
                D(warm["p50"]), D(warm["p99"]), $"{D(warm["handlerP50"])} / {D(warm["handlerP99"])}");
        }

        log.WriteLine("Lambda host (cold start: worker process start → first answer; warm: Invoke accepted → answer; handler: worker took the event → answer):");
        table.WriteTo(log);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static double Round(double value) => Math.Round(value, 2);

    private static string F0(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    private static string F1(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    private sealed class PendingOrder
    {
        public TaskCompletionSource<(Execution Execution, long Timestamp)> Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record LevelResult(IReadOnlyList<OrderRun> Orders, TimeSpan Wall);

    private sealed record OrderRun(string OrderId, bool Declined, Execution? Execution, long Put, long Acked, long Started, long Ended, string? Problem)
    {
        public double LatencyMs => Problem is null ? Stopwatch.GetElapsedTime(Put, Ended).TotalMilliseconds : double.NaN;

        public static OrderRun Broken(string orderId, bool declined, string problem) => new(orderId, declined, null, 0, 0, 0, 0, problem);
    }
}
