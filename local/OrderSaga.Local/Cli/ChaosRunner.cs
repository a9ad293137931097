using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;

namespace OrderSaga.Local.Cli;

/// <summary>
/// The core of <c>chaos</c>, shared with the property test: puts the run's stock, publishes its orders concurrently
/// through PutEvents (restarting the cloud every K orders when it can), waits until every order has ended or the
/// time is up, reads everything back through the endpoint and checks the invariants. The faults come from the cloud
/// (<c>/_local/chaos</c>); the runner only reads how many it injected.
/// </summary>
internal sealed class ChaosRunner(IChaosCloud cloud, ChaosRunOptions options, TextWriter log)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);
    private const int PublishAttempts = 5;

    private readonly List<ChaosSentEvent> sent = [];
    private readonly ChaosFaultTally faults = new();
    private readonly List<int> runningAtRestart = [];

    public async Task<ChaosRunResult> RunAsync(CancellationToken ct)
    {
        if (options.RestartEvery > 0 && !cloud.CanRestart)
        {
            throw new InvalidOperationException("this cloud cannot be restarted: run with RestartEvery = 0");
        }

        var wall = Stopwatch.StartNew();
        var plan = ChaosPlan.Create(options.Seed, options.Orders, options.Tag, options.Mix);
        using var client = new EndpointClient(cloud.Endpoint);
        using var http = new HttpClient { BaseAddress = cloud.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
        var resources = await ChaosResources.DiscoverAsync(client, ct);
        var collector = new ChaosCollector(client, resources, plan);
        var startStock = await PutStockAsync(client, collector, resources, plan, ct);
        log.WriteLine($"chaos: {plan.Orders.Count} orders ({plan.Sends.Count} events) over {plan.Stock.Count} SKUs holding {startStock.Values.Sum()} units; fault rate {options.FaultRate.ToString(CultureInfo.InvariantCulture)}, restart every {options.RestartEvery}");

        foreach (var (wave, restartAfter) in Waves(plan, options.RestartEvery))
        {
            await PublishAsync(client, resources, wave, ct);
            if (restartAfter)
            {
                faults.Add(await ReadFaultsAsync(http, ct));
                var running = (await collector.ListExecutionsAsync(AcceptedIds(), ct)).Count(e => e.Status == "RUNNING");
                runningAtRestart.Add(running);
                log.WriteLine($"chaos: {sent.Select(s => s.OrderId).Distinct().Count()} orders sent; killing the cloud with {running} executions running, and starting it again");
                await cloud.RestartAsync(ct);
            }
        }

        var published = wall.Elapsed;
        var ended = await WaitForEndAsync(collector, plan, ct);
        var snapshot = await collector.CollectAsync([.. sent], startStock, ct);
        faults.Add(await ReadFaultsAsync(http, ct));
        var verdict = ChaosInvariants.Check(snapshot);
        return new ChaosRunResult(plan, options, snapshot, verdict, runningAtRestart, faults, published, wall.Elapsed, ended);
    }

    /// <summary>Splits the sends where the count of distinct orders reaches a multiple of K; each such wave is followed by a restart.</summary>
    internal static IEnumerable<(List<ChaosOrder> Sends, bool RestartAfter)> Waves(ChaosPlan plan, int restartEvery)
    {
        var wave = new List<ChaosOrder>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var send in plan.Sends)
        {
            wave.Add(send);
            if (seen.Add(send.OrderId) && restartEvery > 0 && seen.Count % restartEvery == 0)
            {
                yield return (wave, true);
                wave = [];
            }
        }

        if (wave.Count > 0)
        {
            yield return (wave, false);
        }
    }

    private static async Task<Dictionary<string, int>> PutStockAsync(EndpointClient client, ChaosCollector collector, ChaosResources resources, ChaosPlan plan, CancellationToken ct)
    {
        foreach (var (sku, units) in plan.Stock)
        {
            await client.DynamoDbAsync(
                "PutItem",
                new JsonObject
                {
                    ["TableName"] = resources.InventoryTable,
                    ["Item"] = new JsonObject
                    {
                        [TableAttributes.Inventory.Sku] = ChaosResources.S(sku),
                        [TableAttributes.Inventory.Available] = new JsonObject { ["N"] = units.ToString(CultureInfo.InvariantCulture) },
                        [TableAttributes.Inventory.Reservations] = new JsonObject { ["M"] = new JsonObject() },
                    },
                },
                ct);
        }

        // The starting stock is what the table says, not what was meant to be put there.
        return (await collector.ReadInventoryAsync(ct)).ToDictionary(i => i.Key, i => (int)i.Value.Available, StringComparer.Ordinal);
    }

    private async Task PublishAsync(EndpointClient client, ChaosResources resources, List<ChaosOrder> wave, CancellationToken ct)
    {
        await Parallel.ForEachAsync(wave, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = ct }, async (order, token) =>
        {
            var result = await PutEventAsync(client, resources, order, token);
            lock (sent)
            {
                sent.Add(result);
            }
        });
    }

    private static async Task<ChaosSentEvent> PutEventAsync(EndpointClient client, ChaosResources resources, ChaosOrder order, CancellationToken ct)
    {
        var request = new JsonObject { ["Entries"] = new JsonArray(OrderEvents.Entry(order.Detail(), resources.Bus)) };
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await client.EventBridgeAsync("PutEvents", request, ct);
                var entry = response["Entries"]?[0];
                var eventId = entry?["EventId"]?.GetValue<string>();
                return eventId is not null
                    ? new ChaosSentEvent(order.OrderId, eventId, null)
                    : new ChaosSentEvent(order.OrderId, null, $"{entry?["ErrorCode"]}: {entry?["ErrorMessage"]}");
            }
            catch (EndpointException) when (attempt < PublishAttempts)
            {
                // The cloud may be busy; an entry is only known refused when the API says so, or after several tries.
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
            catch (EndpointException ex)
            {
                return new ChaosSentEvent(order.OrderId, null, ex.Message);
            }
        }
    }

    /// <summary>
    /// Polls until no execution of the run is RUNNING and every accepted event is accounted for (an execution, the
    /// dead-letter queue, or the rejected queue for a malformed one). Gives up at the timeout, or earlier when nothing
    /// runs and nothing has changed for a while; what did not end is then a violation of the report, not a hang.
    /// </summary>
    private async Task<bool> WaitForEndAsync(ChaosCollector collector, ChaosPlan plan, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var sinceProgress = Stopwatch.StartNew();
        var sinceChange = Stopwatch.StartNew();
        var malformed = plan.Orders.Where(o => o.Malformed).Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var wellFormed = sent.Where(s => s.EventId is not null && !malformed.Contains(s.OrderId)).Select(s => s.EventId!).ToList();
        var malformedIds = sent.Where(s => s.EventId is not null && malformed.Contains(s.OrderId)).Select(s => s.EventId!).ToList();
        var lastState = string.Empty;
        while (true)
        {
            var executions = await collector.ListExecutionsAsync(AcceptedIds(), ct);
            var running = executions.Count(e => e.Status == "RUNNING");
            var started = executions.Where(e => e.EventId is not null).Select(e => e.EventId!).ToHashSet(StringComparer.Ordinal);
            var waiting = wellFormed.Where(id => !started.Contains(id)).ToList();
            int? unrejected = null;
            if (running == 0)
            {
                if (waiting.Count > 0)
                {
                    var deadLettered = (await collector.PeekAsync(collector.Resources.DeadLetterQueueUrl, ct)).Select(q => q.EventId).ToHashSet(StringComparer.Ordinal);
                    waiting = [.. waiting.Where(id => !deadLettered.Contains(id))];
                }

                var rejected = (await collector.PeekAsync(collector.Resources.RejectedQueueUrl, ct)).Select(q => q.EventId).ToHashSet(StringComparer.Ordinal);
                unrejected = malformedIds.Count(id => !rejected.Contains(id));
                if (waiting.Count == 0 && unrejected == 0)
                {
                    log.WriteLine($"chaos: every order ended after {deadline.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s of waiting ({executions.Count} executions)");
                    return true;
                }
            }

            var state = $"{executions.Count}/{running}/{waiting.Count}/{unrejected}/{executions.Count(e => e.Status != "RUNNING")}";
            if (state != lastState)
            {
                lastState = state;
                sinceChange.Restart();
            }

            if (sinceProgress.Elapsed >= ProgressInterval)
            {
                sinceProgress.Restart();
                log.WriteLine($"chaos: {executions.Count} executions, {running} running, {waiting.Count} accepted events without an execution{(unrejected is { } n ? $", {n} malformed events not in the rejected queue" : string.Empty)}");
            }

            if (deadline.Elapsed >= options.Timeout)
            {
                log.WriteLine($"chaos: gave up waiting after {options.Timeout.TotalSeconds:0} s: {running} executions still running, {waiting.Count} events without an execution");
                return false;
            }

            if (running == 0 && sinceChange.Elapsed >= options.StallTimeout)
            {
                log.WriteLine($"chaos: nothing runs and nothing changed for {options.StallTimeout.TotalSeconds:0} s; {waiting.Count} accepted events never started an execution, {unrejected ?? 0} malformed events are not in the rejected queue");
                return false;
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private HashSet<string> AcceptedIds()
    {
        lock (sent)
        {
            return sent.Where(s => s.EventId is not null).Select(s => s.EventId!).ToHashSet(StringComparer.Ordinal);
        }
    }

    private static async Task<JsonObject?> ReadFaultsAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            return JsonNode.Parse(await http.GetStringAsync(new Uri("/_local/chaos", UriKind.Relative), ct)) as JsonObject;
        }
        catch (HttpRequestException)
        {
            // A cloud without /_local/chaos injects nothing; the report then counts no faults.
            return null;
        }
    }
}
