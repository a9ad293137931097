using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Events;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.EventBridge;

/// <summary>
/// The local EventBridge: buses (the <c>default</c> bus always exists), rules and their targets, archives and
/// replays, and delivery. PutEvents validates, builds each event's envelope once, archives it, matches it against
/// its bus's rules and returns; each (event, target) delivery then runs in the background with the target's retry
/// policy, ending delivered, dead-lettered, or dropped into the visible failure log. <see cref="WhenIdleAsync"/>
/// waits for every delivery and replay under way.
/// </summary>
internal sealed class EventBridgeService : IDisposable
{
    public const string DefaultBusName = PutEventsValidator.DefaultBusName;
    public const string ReplayNameField = "replay-name";

    private readonly TimeProvider time;
    private readonly SqsService sqs;
    private readonly TargetDispatcher dispatcher;
    private readonly EventBridgeOptions options;
    private readonly PutEventsValidator validator;
    private readonly Random jitter;
    private readonly Lock jitterGate = new();
    private readonly Lock changeGate = new();
    private readonly Lock idleGate = new();
    private readonly CancellationTokenSource shutdown = new();
    private readonly ConcurrentDictionary<string, EventBusState> buses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventArchive> archives = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EventReplay> replays = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<DeliveryFailure> failures = new();
    private TaskCompletionSource idle = CompletedSource();
    private int inFlight;
    private long accepted, rejected, matched, delivered, failed, retries, deadLettered, dropped, archivedCount, replayed;

    public EventBridgeService(
        TimeProvider time,
        string region,
        string accountId,
        SqsService sqs,
        LogGroupStore logs,
        StateMachineRegistry? stepFunctions = null,
        ILambdaInvoker? lambda = null,
        EventBridgeOptions? options = null)
    {
        this.time = time;
        this.sqs = sqs;
        Region = region;
        AccountId = accountId;
        Logs = logs;
        this.options = options ?? new EventBridgeOptions();
        jitter = this.options.RandomSeed is { } seed ? new Random(seed) : new Random();
        dispatcher = new TargetDispatcher(sqs, stepFunctions, lambda, logs);
        validator = new PutEventsValidator(time, accountId, region);
        CreateEventBus(DefaultBusName);
    }

    public string Region { get; }

    public string AccountId { get; }

    public LogGroupStore Logs { get; }

    /// <summary>
    /// Where archived events and deliveries under way are written down (the data directory); null keeps them in memory.
    /// With one, PutEventsAsync answers only once its events' deliveries are on disk, and they are made again after a restart.
    /// </summary>
    public IEventBridgeJournal? Journal { get; init; }

    public DateTimeOffset Now => time.GetUtcNow();

    public IEnumerable<EventBusState> Buses => buses.Values.OrderBy(b => b.Name, StringComparer.Ordinal);

    public IEnumerable<EventArchive> Archives => archives.Values.OrderBy(a => a.Name, StringComparer.Ordinal);

    public IEnumerable<EventReplay> Replays => replays.Values.OrderBy(r => r.Name, StringComparer.Ordinal);

    /// <summary>Events that reached no target, oldest first (bounded by <see cref="EventBridgeOptions.MaxFailureLogEntries"/>).</summary>
    public IReadOnlyList<DeliveryFailure> Failures => [.. failures];

    /// <summary>Raised for every failed delivery as it is recorded (console, logging); must be quick.</summary>
    public event Action<DeliveryFailure>? DeliveryFailed;

    public EventBridgeMetrics Metrics => new(
        Interlocked.Read(ref accepted), Interlocked.Read(ref rejected), Interlocked.Read(ref matched),
        Interlocked.Read(ref delivered), Interlocked.Read(ref failed), Interlocked.Read(ref retries),
        Interlocked.Read(ref deadLettered), Interlocked.Read(ref dropped), Interlocked.Read(ref archivedCount),
        Interlocked.Read(ref replayed));

    public EventBusState CreateEventBus(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return buses.GetOrAdd(name, n => new EventBusState(new EventBus(n, BusArn(n)), time.GetUtcNow()));
    }

    public bool TryGetBus(string? nameOrArn, out EventBusState bus) => buses.TryGetValue(BusName(nameOrArn), out bus!);

    public EventBusState GetBus(string? nameOrArn) =>
        TryGetBus(nameOrArn, out var bus) ? bus : throw EventBridgeErrors.EventBusNotFound(BusName(nameOrArn));

    /// <summary>A bus name from a name, an ARN, or nothing (the default bus).</summary>
    public static string BusName(string? nameOrArn) => PutEventsValidator.BusName(nameOrArn);

    public string BusArn(string name) => $"arn:aws:events:{Region}:{AccountId}:event-bus/{name}";

    public string RuleArn(string bus, string rule) =>
        bus == DefaultBusName ? $"arn:aws:events:{Region}:{AccountId}:rule/{rule}" : $"arn:aws:events:{Region}:{AccountId}:rule/{bus}/{rule}";

    /// <summary>PutRule: creates the rule or updates it, keeping its targets.</summary>
    public RuleDefinition PutRule(
        string name,
        string? eventBusNameOrArn,
        string? eventPattern,
        string? scheduleExpression = null,
        RuleState state = RuleState.Enabled,
        string? description = null,
        string? roleArn = null)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw EventBridgeErrors.Missing("name");
        }

        ValidateName(name, "name", 64);
        if (string.IsNullOrEmpty(eventPattern) && string.IsNullOrEmpty(scheduleExpression))
        {
            throw EventBridgeErrors.Validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }

        EventPattern? pattern = null;
        if (!string.IsNullOrEmpty(eventPattern) && !EventPattern.TryParse(eventPattern, out pattern, out var error))
        {
            throw EventBridgeErrors.InvalidEventPattern(error!);
        }

        var bus = GetBus(eventBusNameOrArn);
        lock (changeGate)
        {
            var targets = bus.Rules.TryGetValue(name, out var existing) ? existing.Targets : [];
            var rule = new RuleDefinition(name, RuleArn(bus.Name, name), bus.Name, eventPattern, pattern, scheduleExpression, state, description, roleArn, targets);
            Store(bus, rule);
            return rule;
        }
    }

    public RuleDefinition GetRule(string name, string? eventBusNameOrArn)
    {
        var bus = GetBus(eventBusNameOrArn);
        return bus.Rules.TryGetValue(name ?? string.Empty, out var rule) ? rule : throw EventBridgeErrors.RuleNotFound(name ?? string.Empty, bus.Name);
    }

    public IReadOnlyList<RuleDefinition> ListRules(string? eventBusNameOrArn, string? namePrefix = null) =>
        [.. GetBus(eventBusNameOrArn).Rules.Values
            .Where(r => namePrefix is null || r.Name.StartsWith(namePrefix, StringComparison.Ordinal))
            .OrderBy(r => r.Name, StringComparer.Ordinal)];

    /// <summary>PutTargets: adds the targets, replacing those with the same Id; throws AWS's error for an invalid request.</summary>
    public void PutTargets(string ruleName, string? eventBusNameOrArn, IReadOnlyList<EventTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        lock (changeGate)
        {
            var rule = GetRule(ruleName, eventBusNameOrArn);
            var ids = targets.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            var kept = rule.Targets.Where(t => !ids.Contains(t.Id)).ToList();
            if (PutTargetsValidator.Validate(targets, kept.Count) is { } error)
            {
                throw EventBridgeErrors.From(error);
            }

            Store(GetBus(rule.EventBusName), rule with { Targets = [.. kept, .. targets] });
        }
    }

    /// <summary>RemoveTargets; ids the rule does not have are ignored.</summary>
    public void RemoveTargets(string ruleName, string? eventBusNameOrArn, IReadOnlyCollection<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (changeGate)
        {
            var rule = GetRule(ruleName, eventBusNameOrArn);
            Store(GetBus(rule.EventBusName), rule with { Targets = [.. rule.Targets.Where(t => !ids.Contains(t.Id))] });
        }
    }

    /// <summary>DeleteRule: a rule that still has targets is refused unless forced, as on AWS; deleting a missing rule succeeds.</summary>
    public void DeleteRule(string name, string? eventBusNameOrArn, bool force = false)
    {
        var bus = GetBus(eventBusNameOrArn);
        lock (changeGate)
        {
            if (!bus.Rules.TryGetValue(name, out var rule))
            {
                return;
            }

            if (rule.Targets.Count > 0 && !force)
            {
                throw EventBridgeErrors.Validation("Rule can't be deleted since it has targets.");
            }

            bus.Rules.TryRemove(name, out _);
            bus.Bus.RemoveRule(name);
        }
    }

    public EventArchive CreateArchive(string name, string eventSourceArn, string? description = null, string? eventPattern = null, int retentionDays = 0)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw EventBridgeErrors.Missing("archiveName");
        }

        if (string.IsNullOrEmpty(eventSourceArn))
        {
            throw EventBridgeErrors.Missing("eventSourceArn");
        }

        ValidateName(name, "archiveName", 48);
        if (retentionDays < 0)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value '{retentionDays}' at 'retentionDays' failed to satisfy constraint: Member must have value greater than or equal to 0");
        }

        EventPattern? pattern = null;
        if (!string.IsNullOrEmpty(eventPattern) && !EventPattern.TryParse(eventPattern, out pattern, out var error))
        {
            throw EventBridgeErrors.InvalidEventPattern(error!);
        }

        var bus = GetBus(eventSourceArn);
        lock (changeGate)
        {
            if (archives.ContainsKey(name))
            {
                throw EventBridgeErrors.ArchiveExists(name);
            }

            var archive = new EventArchive(name, $"arn:aws:events:{Region}:{AccountId}:archive/{name}", bus.Arn, bus.Name, description,
                string.IsNullOrEmpty(eventPattern) ? null : eventPattern, pattern, retentionDays, time.GetUtcNow());
            archives[name] = archive;
            return archive;
        }
    }

    public EventArchive GetArchive(string name) =>
        archives.TryGetValue(name ?? string.Empty, out var archive) ? archive : throw EventBridgeErrors.ArchiveNotFound(name ?? string.Empty);

    public EventReplay GetReplay(string name) =>
        replays.TryGetValue(name ?? string.Empty, out var replay) ? replay : throw EventBridgeErrors.ReplayNotFound(name ?? string.Empty);

    /// <summary>
    /// StartReplay: re-sends the archived events whose <c>time</c> falls in [start, end] to the rules of the archive's
    /// bus (only those in <paramref name="filterArns"/>, when given), each carrying <c>replay-name</c>. Runs in the
    /// background; the returned replay is STARTING and moves to RUNNING, then COMPLETED.
    /// </summary>
    public EventReplay StartReplay(
        string name,
        string eventSourceArn,
        DateTimeOffset eventStartTime,
        DateTimeOffset eventEndTime,
        string destinationArn,
        IReadOnlyList<string>? filterArns = null,
        string? description = null)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw EventBridgeErrors.Missing("replayName");
        }

        ValidateName(name, "replayName", 64);
        var archiveName = (eventSourceArn ?? string.Empty)[((eventSourceArn ?? string.Empty).LastIndexOf('/') + 1)..];
        if (!archives.TryGetValue(archiveName, out var archive) || archive.Arn != eventSourceArn)
        {
            throw EventBridgeErrors.Validation($"Parameter EventSourceArn is not valid. Reason: Archive {archiveName} does not exist.");
        }

        if (string.IsNullOrEmpty(destinationArn) || !destinationArn.Contains(":event-bus/", StringComparison.Ordinal))
        {
            throw EventBridgeErrors.Validation("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.");
        }

        if (destinationArn != archive.EventSourceArn)
        {
            throw EventBridgeErrors.Validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.");
        }

        if (eventEndTime <= eventStartTime)
        {
            throw EventBridgeErrors.Validation("Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.");
        }

        var bus = GetBus(archive.EventBusName);
        EventReplay replay;
        lock (changeGate)
        {
            if (replays.ContainsKey(name))
            {
                throw EventBridgeErrors.ReplayExists(name);
            }

            replay = new EventReplay(name, $"arn:aws:events:{Region}:{AccountId}:replay/{name}", description, archive, destinationArn,
                filterArns is { Count: > 0 } ? [.. filterArns] : null, eventStartTime, eventEndTime, time.GetUtcNow());
            replays[name] = replay;
        }

        BeginWork();
        _ = Task.Run(() => RunReplay(replay, bus));
        return replay;
    }

    /// <summary>PutEvents. Deliveries continue after it returns; await <see cref="WhenIdleAsync"/> to see their outcome.</summary>
    public PutEventsOutcome PutEvents(IReadOnlyList<PutEventsRequestEntry> entries) => PutEvents(entries, out _);

    /// <summary>PutEvents that answers once the accepted events' deliveries are recorded in the <see cref="Journal"/>.</summary>
    public async Task<PutEventsOutcome> PutEventsAsync(IReadOnlyList<PutEventsRequestEntry> entries)
    {
        var outcome = PutEvents(entries, out var recorded);
        await recorded;
        return outcome;
    }

    /// <summary>
    /// Makes again the deliveries a data directory kept from before a restart. A Step Functions target finds the
    /// execution the delivery may already have started (it is named after the delivery) rather than start another.
    /// </summary>
    public int Redeliver(IEnumerable<PendingDelivery> pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        var count = 0;
        foreach (var p in pending)
        {
            var rule = buses.TryGetValue(p.BusName, out var bus) && bus.Rules.TryGetValue(p.RuleName, out var r) && r.Pattern is not null ? r : null;
            var target = rule?.Targets.FirstOrDefault(t => t.Id == p.TargetId);
            if (rule is null || target is null)
            {
                RecordFailure(new DeliveryFailure(time.GetUtcNow(), p.EventId, p.BusName, rule?.Arn ?? string.Empty, p.TargetId, string.Empty, "NO_RESOURCE",
                    $"The rule {p.RuleName} or its target {p.TargetId} no longer exists; the delivery recorded before the restart was dropped.",
                    0, null, DeliveryFailureOutcome.Dropped, null, p.EventJson));
                Interlocked.Increment(ref dropped);
                Journal?.DeliveryEnded(p.DeliveryId);
                continue;
            }

            JsonElement root;
            try
            {
                root = ParseEnvelope(p.EventJson).Root;
            }
            catch (JsonException ex)
            {
                Journal?.DeliveryEnded(p.DeliveryId);
                RecordFailure(new DeliveryFailure(time.GetUtcNow(), p.EventId, p.BusName, rule.Arn, p.TargetId, target.Arn, "INVALID_JSON",
                    $"The event recorded before the restart cannot be read: {ex.Message}", 0, null, DeliveryFailureOutcome.Dropped, null, p.EventJson));
                Interlocked.Increment(ref dropped);
                continue;
            }

            var eventRule = new EventRule(rule.Name, rule.Arn, rule.Pattern!, rule.Targets, rule.State);
            Start(new Delivery(p.DeliveryId, p.BusName, p.EventId, root, p.EventJson, p.Ingestion, eventRule, target));
            count++;
        }

        return count;
    }

    private PutEventsOutcome PutEvents(IReadOnlyList<PutEventsRequestEntry> entries, out Task recorded)
    {
        recorded = Task.CompletedTask;
        var outcome = validator.Validate(entries);
        if (outcome.RequestError is not null)
        {
            return outcome;
        }

        Interlocked.Add(ref rejected, outcome.FailedEntryCount);
        var ingestion = time.GetUtcNow();
        var routed = new List<Delivery>();
        foreach (var entry in outcome.Accepted)
        {
            Interlocked.Increment(ref accepted);
            if (!buses.TryGetValue(entry.EventBusName, out var bus))
            {
                // AWS answers with an EventId and the event goes nowhere; locally that is written down.
                RecordFailure(new DeliveryFailure(ingestion, entry.EventId, entry.EventBusName, string.Empty, string.Empty, string.Empty,
                    "NO_RESOURCE", $"Event bus {entry.EventBusName} does not exist; the event was accepted and dropped, as AWS does.",
                    0, null, DeliveryFailureOutcome.Dropped, null, entry.EventJson));
                Interlocked.Increment(ref dropped);
                continue;
            }

            var @event = ParseEnvelope(entry.EventJson);
            Archive(bus, @event, entry.EventJson, ingestion);
            Route(bus, entry.EventId, @event, entry.EventJson, ingestion, filterArns: null, routed);
        }

        recorded = StartAll(routed);
        return outcome;
    }

    /// <summary>Completes when no delivery or replay is under way (at once when none is).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (idleGate)
        {
            return inFlight == 0 ? Task.CompletedTask : idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Stops retries and replays under way; their deliveries are abandoned.</summary>
    public void Dispose()
    {
        // Cancelled, not disposed: deliveries still running read its token as they unwind.
        shutdown.Cancel();
    }

    private static void ValidateName(string name, string member, int maxLength)
    {
        if (name.Length > maxLength)
        {
            throw EventBridgeErrors.Validation(
                $"1 validation error detected: Value '{name}' at '{member}' failed to satisfy constraint: Member must have length less than or equal to {maxLength}");
        }

        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw EventBridgeErrors.Validation(
                $"1 validation error detected: Value '{name}' at '{member}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+");
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private static ParsedEvent ParseEnvelope(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement.Clone();
        return new ParsedEvent(root, FlatEvent.Create(root));
    }

    private static DateTimeOffset EventTime(JsonElement @event, DateTimeOffset fallback) =>
        @event.TryGetProperty("time", out var t) && t.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : fallback;

    private static void Store(EventBusState bus, RuleDefinition rule)
    {
        bus.Rules[rule.Name] = rule;
        if (rule.Pattern is null)
        {
            bus.Bus.RemoveRule(rule.Name);
        }
        else
        {
            bus.Bus.PutRule(new EventRule(rule.Name, rule.Arn, rule.Pattern, rule.Targets, rule.State));
        }
    }

    private void Archive(EventBusState bus, ParsedEvent @event, string json, DateTimeOffset now)
    {
        foreach (var archive in archives.Values)
        {
            if (archive.EventBusName == bus.Name && (archive.Pattern is null || archive.Pattern.Matches(@event.Flat)))
            {
                var archived = new ArchivedEvent(EventTime(@event.Root, now), now, json, System.Text.Encoding.UTF8.GetByteCount(json));
                archive.Add(archived);
                Journal?.Archived(archive.Name, archived);
                Interlocked.Increment(ref archivedCount);
            }
        }
    }

    private void Route(EventBusState bus, string eventId, ParsedEvent @event, string json, DateTimeOffset ingestion, IReadOnlyList<string>? filterArns, List<Delivery> routed)
    {
        foreach (var rule in bus.Bus.Match(@event.Flat))
        {
            if (filterArns is not null && !filterArns.Contains(rule.Arn, StringComparer.Ordinal))
            {
                continue;
            }

            Interlocked.Increment(ref matched);
            foreach (var target in rule.Targets)
            {
                routed.Add(new Delivery(Guid.NewGuid().ToString(), bus.Name, eventId, @event.Root, json, ingestion, rule, target));
            }
        }
    }

    /// <summary>
    /// Records the deliveries (before any can end and be struck off) and starts them; the task completes once they are
    /// on disk.
    /// </summary>
    private Task StartAll(List<Delivery> deliveries)
    {
        var recorded = Journal is { } journal && deliveries.Count > 0
            ? journal.DeliveriesAcceptedAsync([.. deliveries.Select(d => new PendingDelivery(d.DeliveryId, d.BusName, d.Rule.Name, d.Target.Id, d.EventId, d.EventJson, d.Ingestion))])
            : Task.CompletedTask;
        foreach (var delivery in deliveries)
        {
            Start(delivery);
        }

        return recorded;
    }

    private void Start(Delivery delivery)
    {
        BeginWork();
        _ = Task.Run(() => DeliverAsync(delivery));
    }

    private async Task DeliverAsync(Delivery delivery)
    {
        var ended = true;
        try
        {
            var target = delivery.Target;
            var context = new TransformContext(delivery.Rule.Arn, delivery.Rule.Name, delivery.BusName,
                delivery.Ingestion.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            var input = target.Render(delivery.Event, context);
            if (!input.Delivered)
            {
                Fail(delivery, DeliveryAttempt.Permanent("INVALID_JSON", input.Reason ?? "The target input could not be rendered."), 0, null);
                return;
            }

            var policy = target.RetryPolicy ?? new RetryPolicy();
            var deadline = delivery.Ingestion + TimeSpan.FromSeconds(policy.MaximumEventAgeInSeconds);
            var attempt = 0;
            while (true)
            {
                var result = await AttemptAsync(target.Arn, input.Body!, delivery.DeliveryId);
                if (result.Succeeded)
                {
                    Interlocked.Increment(ref delivered);
                    return;
                }

                if (!result.Retryable)
                {
                    Fail(delivery, result, attempt, null);
                    return;
                }

                if (attempt >= policy.MaximumRetryAttempts)
                {
                    Fail(delivery, result, attempt, "MaximumRetryAttempts");
                    return;
                }

                var delay = Backoff(attempt);
                if (time.GetUtcNow() + delay > deadline)
                {
                    Fail(delivery, result, attempt, "MaximumEventAgeInSeconds");
                    return;
                }

                await Task.Delay(delay, time, shutdown.Token);
                attempt++;
                Interlocked.Increment(ref retries);
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Shutting down: the delivery is abandoned with the process (a journal keeps it for the next start).
            ended = false;
        }
        finally
        {
            if (ended)
            {
                Journal?.DeliveryEnded(delivery.DeliveryId);
            }

            EndWork();
        }
    }

    private async Task<DeliveryAttempt> AttemptAsync(string targetArn, string body, string deliveryId)
    {
        try
        {
            return await dispatcher.DeliverAsync(targetArn, body, shutdown.Token, deliveryId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A target that throws (rather than answering an error) is treated as a transient fault, as a network error would be.
            return DeliveryAttempt.Retry("SDK_CLIENT_ERROR", $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30)), options.RetryMaxDelay.TotalMilliseconds);
        double fraction;
        lock (jitterGate)
        {
            fraction = 0.5 + (jitter.NextDouble() * 0.5);
        }

        return TimeSpan.FromMilliseconds(ceiling * fraction);
    }

    private void Fail(Delivery delivery, DeliveryAttempt result, int retryAttempts, string? exhaustedCondition)
    {
        Interlocked.Increment(ref failed);
        var code = result.ErrorCode ?? "SDK_CLIENT_ERROR";
        var message = result.ErrorMessage ?? "The target could not be reached.";
        var dlq = delivery.Target.DeadLetterArn;
        DeliveryFailureOutcome outcome;
        if (dlq is null)
        {
            outcome = DeliveryFailureOutcome.Dropped;
            Interlocked.Increment(ref dropped);
        }
        else if (sqs.TryGet(dlq, out var queue))
        {
            // AWS's dead-letter message is the event with these String message attributes (EXHAUSTED_RETRY_CONDITION only
            // when a retry limit ended the delivery). The local SQS stores them on the message; its ReceiveMessage does not
            // return message attributes yet, so they are read through SqsQueue.Peek (console, tests).
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["RULE_ARN"] = delivery.Rule.Arn,
                ["TARGET_ARN"] = delivery.Target.Arn,
                ["ERROR_CODE"] = code,
                ["ERROR_MESSAGE"] = message,
                ["RETRY_ATTEMPTS"] = retryAttempts.ToString(CultureInfo.InvariantCulture),
            };
            if (exhaustedCondition is not null)
            {
                attributes["EXHAUSTED_RETRY_CONDITION"] = exhaustedCondition;
            }

            queue.Send(delivery.EventJson, attributes);
            outcome = DeliveryFailureOutcome.DeadLettered;
            Interlocked.Increment(ref deadLettered);
        }
        else
        {
            outcome = DeliveryFailureOutcome.DeadLetterFailed;
            Interlocked.Increment(ref dropped);
            message += $" The dead-letter queue {dlq} does not exist either.";
        }

        RecordFailure(new DeliveryFailure(time.GetUtcNow(), delivery.EventId, delivery.BusName, delivery.Rule.Arn, delivery.Target.Id, delivery.Target.Arn,
            code, message, retryAttempts, exhaustedCondition, outcome, dlq, delivery.EventJson));
    }

    private void RecordFailure(DeliveryFailure failure)
    {
        failures.Enqueue(failure);
        while (failures.Count > options.MaxFailureLogEntries && failures.TryDequeue(out _))
        {
        }

        DeliveryFailed?.Invoke(failure);
    }

    private void RunReplay(EventReplay replay, EventBusState bus)
    {
        try
        {
            replay.State = ReplayState.Running;
            var selected = replay.Archive.Events(time.GetUtcNow())
                .Where(e => e.EventTime >= replay.EventStartTime && e.EventTime <= replay.EventEndTime)
                .OrderBy(e => e.EventTime);
            foreach (var archived in selected)
            {
                if (shutdown.IsCancellationRequested)
                {
                    replay.State = ReplayState.Cancelled;
                    replay.StateReason = "The local cloud stopped during the replay.";
                    return;
                }

                var node = JsonNode.Parse(archived.EventJson)!.AsObject();
                node[ReplayNameField] = replay.Name;
                var json = node.ToJsonString();
                var eventId = node["id"]?.GetValue<string>() ?? string.Empty;
                var routed = new List<Delivery>();
                Route(bus, eventId, ParseEnvelope(json), json, time.GetUtcNow(), replay.FilterArns, routed);
                _ = StartAll(routed);
                replay.EventLastReplayedTime = archived.EventTime;
                replay.EventsReplayed++;
                Interlocked.Increment(ref replayed);
            }

            replay.State = ReplayState.Completed;
            replay.StateReason = $"Replayed {replay.EventsReplayed} event(s).";
        }
        catch (JsonException ex)
        {
            replay.State = ReplayState.Failed;
            replay.StateReason = $"An archived event could not be read: {ex.Message}";
        }
        finally
        {
            replay.ReplayEndTime = time.GetUtcNow();
            EndWork();
        }
    }

    private void BeginWork()
    {
        lock (idleGate)
        {
            if (inFlight++ == 0)
            {
                idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private void EndWork()
    {
        TaskCompletionSource? done = null;
        lock (idleGate)
        {
            if (--inFlight == 0)
            {
                done = idle;
            }
        }

        done?.TrySetResult();
    }

    private readonly record struct ParsedEvent(JsonElement Root, FlatEvent Flat);

    private sealed record Delivery(string DeliveryId, string BusName, string EventId, JsonElement Event, string EventJson, DateTimeOffset Ingestion, EventRule Rule, EventTarget Target);
}
