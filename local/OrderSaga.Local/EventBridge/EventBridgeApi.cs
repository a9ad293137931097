using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.Events;

namespace OrderSaga.Local.EventBridge;

/// <summary>The EventBridge API (JSON 1.1 protocol, target prefix <c>AWSEvents</c>) over <see cref="EventBridgeService"/>.</summary>
internal sealed partial class EventBridgeApi(EventBridgeService service) : IAwsJsonService
{
    private const int MaxPageSize = 100;

    public string TargetPrefix => "AWSEvents";

    public string ContentType => "application/x-amz-json-1.1";

    public Task<JsonNode?> HandleAsync(string operation, JsonElement request, CancellationToken cancellationToken)
    {
        if (request.ValueKind != JsonValueKind.Object)
        {
            throw AwsJsonError.Serialization("The request body must be a JSON object.");
        }

        if (operation == "PutEvents")
        {
            return PutEventsAsync(request);
        }

        JsonNode? response = operation switch
        {
            "ListEventBuses" => ListEventBuses(request),
            "DescribeEventBus" => DescribeEventBus(request),
            "ListRules" => ListRules(request),
            "DescribeRule" => DescribeRule(request),
            "ListTargetsByRule" => ListTargetsByRule(request),
            "TestEventPattern" => TestEventPattern(request),
            "PutRule" => PutRule(request),
            "PutTargets" => PutTargets(request),
            "RemoveTargets" => RemoveTargets(request),
            "DeleteRule" => DeleteRule(request),
            "CreateArchive" => CreateArchive(request),
            "ListArchives" => ListArchives(request),
            "DescribeArchive" => DescribeArchive(request),
            "StartReplay" => StartReplay(request),
            "DescribeReplay" => DescribeReplay(request),
            "ListReplays" => ListReplays(request),
            _ => throw AwsJsonError.UnknownOperation($"{TargetPrefix}.{operation}"),
        };
        return Task.FromResult<JsonNode?>(response);
    }

    private async Task<JsonNode?> PutEventsAsync(JsonElement request)
    {
        if (!request.TryGetProperty("Entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw EventBridgeErrors.Missing("entries");
        }

        var parsed = new List<PutEventsRequestEntry>();
        var index = 0;
        foreach (var entry in entries.EnumerateArray())
        {
            index++;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw AwsJsonError.Serialization($"Entries[{index - 1}] must be an object.");
            }

            parsed.Add(new PutEventsRequestEntry(
                Optional(entry, "Source"),
                Optional(entry, "DetailType"),
                Optional(entry, "Detail"),
                Optional(entry, "EventBusName"),
                entry.TryGetProperty("Resources", out var resources) && resources.ValueKind == JsonValueKind.Array
                    ? [.. resources.EnumerateArray().Select((r, i) => StringItem(r, $"Entries[{index - 1}].Resources[{i}]"))]
                    : null,
                Timestamp(entry, "Time", $"Entries[{index - 1}].Time"),
                Optional(entry, "TraceHeader")));
        }

        var outcome = await service.PutEventsAsync(parsed);
        if (outcome.RequestError is { } error)
        {
            throw EventBridgeErrors.From(error);
        }

        return new JsonObject
        {
            ["FailedEntryCount"] = outcome.FailedEntryCount,
            ["Entries"] = new JsonArray([.. outcome.Entries.Select(e => (JsonNode)(e.EventId is not null
                ? new JsonObject { ["EventId"] = e.EventId }
                : new JsonObject { ["ErrorCode"] = e.ErrorCode, ["ErrorMessage"] = e.ErrorMessage }))]),
        };
    }

    private JsonObject ListEventBuses(JsonElement request)
    {
        var prefix = Optional(request, "NamePrefix");
        var page = Page([.. service.Buses.Where(b => prefix is null || b.Name.StartsWith(prefix, StringComparison.Ordinal))], request);
        return WithToken(new JsonObject { ["EventBuses"] = new JsonArray([.. page.Items.Select(b => (JsonNode)Bus(b))]) }, page.NextToken);
    }

    private JsonObject DescribeEventBus(JsonElement request) => Bus(service.GetBus(Optional(request, "Name")));

    private static JsonObject Bus(EventBusState bus) => new()
    {
        ["Name"] = bus.Name,
        ["Arn"] = bus.Arn,
        ["CreationTime"] = AwsJson.Epoch(bus.CreationTime),
        ["LastModifiedTime"] = AwsJson.Epoch(bus.CreationTime),
    };

    private JsonObject ListRules(JsonElement request)
    {
        var page = Page(service.ListRules(Optional(request, "EventBusName"), Optional(request, "NamePrefix")), request);
        return WithToken(new JsonObject { ["Rules"] = new JsonArray([.. page.Items.Select(r => (JsonNode)Rule(r, describe: false))]) }, page.NextToken);
    }

    private JsonObject DescribeRule(JsonElement request) => Rule(service.GetRule(Required(request, "Name", "name"), Optional(request, "EventBusName")), describe: true);

    private JsonObject Rule(RuleDefinition rule, bool describe)
    {
        var json = new JsonObject { ["Name"] = rule.Name, ["Arn"] = rule.Arn };
        if (rule.EventPatternText is not null)
        {
            json["EventPattern"] = rule.EventPatternText;
        }

        if (rule.ScheduleExpression is not null)
        {
            json["ScheduleExpression"] = rule.ScheduleExpression;
        }

        json["State"] = rule.State == RuleState.Enabled ? "ENABLED" : "DISABLED";
        if (rule.Description is not null)
        {
            json["Description"] = rule.Description;
        }

        if (rule.RoleArn is not null)
        {
            json["RoleArn"] = rule.RoleArn;
        }

        json["EventBusName"] = rule.EventBusName;
        if (describe)
        {
            json["CreatedBy"] = service.AccountId;
        }

        return json;
    }

    private JsonObject ListTargetsByRule(JsonElement request)
    {
        var rule = service.GetRule(Required(request, "Rule", "rule"), Optional(request, "EventBusName"));
        var page = Page(rule.Targets, request);
        return WithToken(new JsonObject { ["Targets"] = new JsonArray([.. page.Items.Select(t => (JsonNode)Target(t))]) }, page.NextToken);
    }

    private static JsonObject Target(EventTarget target)
    {
        var json = new JsonObject { ["Id"] = target.Id, ["Arn"] = target.Arn };
        if (target.RoleArn is not null)
        {
            json["RoleArn"] = target.RoleArn;
        }

        if (target.Input is not null)
        {
            json["Input"] = target.Input;
        }

        if (target.InputPath is not null)
        {
            json["InputPath"] = target.InputPath;
        }

        if (target.InputTransformer is { } transformer)
        {
            var paths = new JsonObject();
            foreach (var (name, path) in transformer.InputPathsMap)
            {
                paths[name] = path;
            }

            json["InputTransformer"] = new JsonObject { ["InputPathsMap"] = paths, ["InputTemplate"] = transformer.InputTemplate };
        }

        if (target.RetryPolicy is { } retry)
        {
            json["RetryPolicy"] = new JsonObject { ["MaximumRetryAttempts"] = retry.MaximumRetryAttempts, ["MaximumEventAgeInSeconds"] = retry.MaximumEventAgeInSeconds };
        }

        if (target.DeadLetterArn is not null)
        {
            json["DeadLetterConfig"] = new JsonObject { ["Arn"] = target.DeadLetterArn };
        }

        return json;
    }

    private static JsonObject TestEventPattern(JsonElement request)
    {
        var result = EventPatternTester.Test(Required(request, "EventPattern", "eventPattern"), Required(request, "Event", "event"));
        return result.Error is { } error ? throw EventBridgeErrors.From(error) : new JsonObject { ["Result"] = result.Result };
    }

    private JsonObject PutRule(JsonElement request)
    {
        var state = Optional(request, "State") switch
        {
            null or "ENABLED" => RuleState.Enabled,
            "DISABLED" => RuleState.Disabled,
            var other => throw EventBridgeErrors.Validation(
                $"1 validation error detected: Value '{other}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]"),
        };
        if (Optional(request, "ScheduleExpression") is { } schedule && !ScheduleExpressionPattern().IsMatch(schedule))
        {
            throw EventBridgeErrors.Validation("Parameter ScheduleExpression is not valid.");
        }

        var rule = service.PutRule(
            Required(request, "Name", "name"),
            Optional(request, "EventBusName"),
            Optional(request, "EventPattern"),
            Optional(request, "ScheduleExpression"),
            state,
            Optional(request, "Description"),
            Optional(request, "RoleArn"));
        return new JsonObject { ["RuleArn"] = rule.Arn };
    }

    private JsonObject PutTargets(JsonElement request)
    {
        var rule = Required(request, "Rule", "rule");
        if (!request.TryGetProperty("Targets", out var targets) || targets.ValueKind != JsonValueKind.Array)
        {
            throw EventBridgeErrors.Missing("targets");
        }

        var parsed = targets.EnumerateArray().Select((t, i) => ParseTarget(t, i)).ToList();
        service.PutTargets(rule, Optional(request, "EventBusName"), parsed);
        return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
    }

    private static EventTarget ParseTarget(JsonElement target, int index)
    {
        if (target.ValueKind != JsonValueKind.Object)
        {
            throw AwsJsonError.Serialization($"Targets[{index}] must be an object.");
        }

        InputTransformer? transformer = null;
        if (target.TryGetProperty("InputTransformer", out var t) && t.ValueKind == JsonValueKind.Object)
        {
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            if (t.TryGetProperty("InputPathsMap", out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in map.EnumerateObject())
                {
                    paths[property.Name] = StringItem(property.Value, $"Targets[{index}].InputTransformer.InputPathsMap.{property.Name}");
                }
            }

            transformer = new InputTransformer(paths, Optional(t, "InputTemplate")
                ?? throw EventBridgeErrors.Missing($"targets.{index + 1}.member.inputTransformer.inputTemplate"));
        }

        RetryPolicy? retry = null;
        if (target.TryGetProperty("RetryPolicy", out var r) && r.ValueKind == JsonValueKind.Object)
        {
            var defaults = new RetryPolicy();
            var attempts = Int(r, "MaximumRetryAttempts") ?? defaults.MaximumRetryAttempts;
            var age = Int(r, "MaximumEventAgeInSeconds") ?? defaults.MaximumEventAgeInSeconds;
            if (attempts is < 0 or > 185)
            {
                throw EventBridgeErrors.Validation($"1 validation error detected: Value '{attempts}' at 'targets.{index + 1}.member.retryPolicy.maximumRetryAttempts' failed to satisfy constraint: Member must have value between 0 and 185");
            }

            if (age is < 60 or > 86400)
            {
                throw EventBridgeErrors.Validation($"1 validation error detected: Value '{age}' at 'targets.{index + 1}.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value between 60 and 86400");
            }

            retry = new RetryPolicy(attempts, age);
        }

        string? deadLetter = null;
        if (target.TryGetProperty("DeadLetterConfig", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            deadLetter = Optional(d, "Arn");
        }

        return new EventTarget(
            Optional(target, "Id") ?? throw EventBridgeErrors.Missing($"targets.{index + 1}.member.id"),
            Optional(target, "Arn") ?? throw EventBridgeErrors.Missing($"targets.{index + 1}.member.arn"),
            Optional(target, "RoleArn"),
            Optional(target, "Input"),
            Optional(target, "InputPath"),
            transformer,
            retry,
            deadLetter);
    }

    private JsonObject RemoveTargets(JsonElement request)
    {
        var rule = Required(request, "Rule", "rule");
        if (!request.TryGetProperty("Ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
        {
            throw EventBridgeErrors.Missing("ids");
        }

        service.RemoveTargets(rule, Optional(request, "EventBusName"), [.. ids.EnumerateArray().Select((id, i) => StringItem(id, $"Ids[{i}]"))]);
        return new JsonObject { ["FailedEntryCount"] = 0, ["FailedEntries"] = new JsonArray() };
    }

    private JsonObject DeleteRule(JsonElement request)
    {
        service.DeleteRule(Required(request, "Name", "name"), Optional(request, "EventBusName"),
            request.TryGetProperty("Force", out var force) && force.ValueKind == JsonValueKind.True);
        return new JsonObject();
    }

    private JsonObject CreateArchive(JsonElement request)
    {
        var archive = service.CreateArchive(
            Required(request, "ArchiveName", "archiveName"),
            Required(request, "EventSourceArn", "eventSourceArn"),
            Optional(request, "Description"),
            Optional(request, "EventPattern"),
            Int(request, "RetentionDays") ?? 0);
        return new JsonObject { ["ArchiveArn"] = archive.Arn, ["State"] = archive.State, ["CreationTime"] = AwsJson.Epoch(archive.CreationTime) };
    }

    private JsonObject ListArchives(JsonElement request)
    {
        var prefix = Optional(request, "NamePrefix");
        var source = Optional(request, "EventSourceArn");
        var state = Optional(request, "State");
        if (source is not null)
        {
            service.GetBus(source);
        }

        var now = service.Now;
        var page = Page([.. service.Archives.Where(a =>
            (prefix is null || a.Name.StartsWith(prefix, StringComparison.Ordinal))
            && (source is null || a.EventSourceArn == source)
            && (state is null || a.State == state))], request);
        return WithToken(new JsonObject
        {
            ["Archives"] = new JsonArray([.. page.Items.Select(a =>
            {
                var json = new JsonObject
                {
                    ["ArchiveName"] = a.Name,
                    ["EventSourceArn"] = a.EventSourceArn,
                    ["State"] = a.State,
                };
                AddCounts(json, a, now);
                return (JsonNode)json;
            })]),
        }, page.NextToken);
    }

    private JsonObject DescribeArchive(JsonElement request)
    {
        var archive = service.GetArchive(Required(request, "ArchiveName", "archiveName"));
        var json = new JsonObject
        {
            ["ArchiveArn"] = archive.Arn,
            ["ArchiveName"] = archive.Name,
            ["EventSourceArn"] = archive.EventSourceArn,
        };
        if (archive.Description is not null)
        {
            json["Description"] = archive.Description;
        }

        if (archive.EventPatternText is not null)
        {
            json["EventPattern"] = archive.EventPatternText;
        }

        json["State"] = archive.State;
        AddCounts(json, archive, service.Now);
        return json;
    }

    private static void AddCounts(JsonObject json, EventArchive archive, DateTimeOffset now)
    {
        var events = archive.Events(now < archive.CreationTime ? archive.CreationTime : now);
        json["RetentionDays"] = archive.RetentionDays;
        json["SizeBytes"] = events.Sum(e => (long)e.SizeBytes);
        json["EventCount"] = events.Count;
        json["CreationTime"] = AwsJson.Epoch(archive.CreationTime);
    }

    private JsonObject StartReplay(JsonElement request)
    {
        if (!request.TryGetProperty("Destination", out var destination) || destination.ValueKind != JsonValueKind.Object)
        {
            throw EventBridgeErrors.Missing("destination");
        }

        IReadOnlyList<string>? filters = destination.TryGetProperty("FilterArns", out var f) && f.ValueKind == JsonValueKind.Array
            ? [.. f.EnumerateArray().Select((a, i) => StringItem(a, $"Destination.FilterArns[{i}]"))]
            : null;
        var replay = service.StartReplay(
            Required(request, "ReplayName", "replayName"),
            Required(request, "EventSourceArn", "eventSourceArn"),
            Timestamp(request, "EventStartTime", "eventStartTime") ?? throw EventBridgeErrors.Missing("eventStartTime"),
            Timestamp(request, "EventEndTime", "eventEndTime") ?? throw EventBridgeErrors.Missing("eventEndTime"),
            Required(destination, "Arn", "destination.arn"),
            filters,
            Optional(request, "Description"));
        return new JsonObject
        {
            ["ReplayArn"] = replay.Arn,
            ["State"] = "STARTING",
            ["ReplayStartTime"] = AwsJson.Epoch(replay.ReplayStartTime),
        };
    }

    private JsonObject DescribeReplay(JsonElement request)
    {
        var replay = service.GetReplay(Required(request, "ReplayName", "replayName"));
        var json = new JsonObject { ["ReplayName"] = replay.Name, ["ReplayArn"] = replay.Arn };
        if (replay.Description is not null)
        {
            json["Description"] = replay.Description;
        }

        json["EventSourceArn"] = replay.EventSourceArn;
        var destination = new JsonObject { ["Arn"] = replay.DestinationArn };
        if (replay.FilterArns is { } filters)
        {
            destination["FilterArns"] = new JsonArray([.. filters.Select(a => (JsonNode)JsonValue.Create(a))]);
        }

        json["Destination"] = destination;
        AddReplayState(json, replay);
        return json;
    }

    private JsonObject ListReplays(JsonElement request)
    {
        var prefix = Optional(request, "NamePrefix");
        var source = Optional(request, "EventSourceArn");
        var state = Optional(request, "State");
        var page = Page([.. service.Replays.Where(r =>
            (prefix is null || r.Name.StartsWith(prefix, StringComparison.Ordinal))
            && (source is null || r.EventSourceArn == source)
            && (state is null || StateName(r.State) == state))], request);
        return WithToken(new JsonObject
        {
            ["Replays"] = new JsonArray([.. page.Items.Select(r =>
            {
                var json = new JsonObject { ["ReplayName"] = r.Name, ["EventSourceArn"] = r.EventSourceArn };
                AddReplayState(json, r);
                return (JsonNode)json;
            })]),
        }, page.NextToken);
    }

    private static void AddReplayState(JsonObject json, EventReplay replay)
    {
        json["State"] = StateName(replay.State);
        if (replay.StateReason is not null)
        {
            json["StateReason"] = replay.StateReason;
        }

        json["EventStartTime"] = AwsJson.Epoch(replay.EventStartTime);
        json["EventEndTime"] = AwsJson.Epoch(replay.EventEndTime);
        if (replay.EventLastReplayedTime is { } last)
        {
            json["EventLastReplayedTime"] = AwsJson.Epoch(last);
        }

        json["ReplayStartTime"] = AwsJson.Epoch(replay.ReplayStartTime);
        if (replay.ReplayEndTime is { } end)
        {
            json["ReplayEndTime"] = AwsJson.Epoch(end);
        }
    }

    internal static string StateName(ReplayState state) => state switch
    {
        ReplayState.Starting => "STARTING",
        ReplayState.Running => "RUNNING",
        ReplayState.Cancelling => "CANCELLING",
        ReplayState.Completed => "COMPLETED",
        ReplayState.Cancelled => "CANCELLED",
        _ => "FAILED",
    };

    private static string? Optional(JsonElement request, string name)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw AwsJsonError.Serialization($"{name} must be a string, not {value.ValueKind}.");
    }

    // rate(value unit) or cron(six fields), as EventBridge accepts them; a rule that never fires locally still has to be valid.
    [GeneratedRegex(@"^(rate\([1-9][0-9]* (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$", RegexOptions.CultureInvariant)]
    private static partial Regex ScheduleExpressionPattern();

    private static string StringItem(JsonElement item, string where) =>
        item.ValueKind == JsonValueKind.String ? item.GetString()! : throw AwsJsonError.Serialization($"{where} must be a string, not {item.ValueKind}.");

    private static string Required(JsonElement request, string name, string member) =>
        Optional(request, name) is { Length: > 0 } value ? value : throw EventBridgeErrors.Missing(member);

    private static int? Int(JsonElement request, string name)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw AwsJsonError.Serialization($"{name} must be an integer.");
    }

    // The JSON protocol sends timestamps as epoch seconds; an ISO-8601 string is accepted too.
    private static DateTimeOffset? Timestamp(JsonElement request, string name, string member)
    {
        if (!request.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var seconds))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw AwsJsonError.Serialization($"{member} must be a timestamp (epoch seconds).");
    }

    private static (IReadOnlyList<T> Items, string? NextToken) Page<T>(IReadOnlyList<T> all, JsonElement request)
    {
        var limit = Int(request, "Limit") ?? MaxPageSize;
        if (limit is < 1 or > MaxPageSize)
        {
            throw EventBridgeErrors.Validation($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value between 1 and {MaxPageSize}");
        }

        var start = 0;
        if (Optional(request, "NextToken") is { } token
            && (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
        {
            throw EventBridgeErrors.Validation("The NextToken provided is invalid.");
        }

        var items = all.Skip(start).Take(limit).ToList();
        var next = start + items.Count < all.Count ? (start + items.Count).ToString(CultureInfo.InvariantCulture) : null;
        return (items, next);
    }

    private static JsonObject WithToken(JsonObject response, string? nextToken)
    {
        if (nextToken is not null)
        {
            response["NextToken"] = nextToken;
        }

        return response;
    }
}
