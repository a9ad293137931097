using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OrderSaga.Local.Events.Conformance;

/// <summary>Runs one corpus case against the engine and says whether the engine did what AWS did.</summary>
public static partial class ConformanceRunner
{
    private const string Account = "111111111111";
    private const string Region = "us-east-1";

    public static CaseOutcome Run(ConformanceCase @case, IReadOnlyDictionary<string, Exclusion> exclusions)
    {
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(exclusions);
        if (exclusions.TryGetValue(@case.Id, out var exclusion))
        {
            return new CaseOutcome(@case, Outcome.Excluded, exclusion.Reason);
        }

        string? failure;
        try
        {
            failure = @case.Kind switch
            {
                CaseKind.Pattern => RunPattern(@case.Data),
                CaseKind.Transformer => RunTransformer(@case.Data),
                _ => RunValidation(@case.Data),
            };
        }
        catch (InvalidEventPatternException e)
        {
            failure = $"unexpected pattern error: {e.Message}";
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A malformed case or an engine bug fails this case, with what happened, and the run goes on.
            failure = $"engine or case error: {e.GetType().Name}: {e.Message}";
        }

        return new CaseOutcome(@case, failure is null ? Outcome.Passed : Outcome.Failed, failure);
    }

    private static string? RunPattern(JsonElement data)
    {
        var api = String(data, "api") ?? string.Empty;
        var patternText = String(data, "patternText") ?? Compact(data.GetProperty("pattern"));
        var eventText = String(data, "eventText") ?? (data.TryGetProperty("event", out var ev) && ev.ValueKind != JsonValueKind.Null ? Compact(ev) : null);
        var expectedError = data.TryGetProperty("expectedError", out var err) && err.ValueKind == JsonValueKind.Object ? err : (JsonElement?)null;

        if (api == "TestEventPattern")
        {
            var result = EventPatternTester.Test(patternText, eventText ?? "null");
            if (expectedError is { } expected)
            {
                if (result.Error is null)
                {
                    return $"expected {String(expected, "code")}, got result {result.Result}";
                }

                var code = String(expected, "code");
                if (code is not null && code != result.Error.Code)
                {
                    return $"expected {code}, got {result.Error.Code}: {result.Error.Message}";
                }

                var message = String(expected, "message");
                return message is null ? null : ExpectationComparer.CompareMessage(message, result.Error.Message);
            }

            if (result.Error is not null)
            {
                return $"expected {data.GetProperty("expected").GetRawText()}, got {result.Error.Code}: {result.Error.Message}";
            }

            var want = data.GetProperty("expected").GetBoolean();
            return want == result.Result ? null : $"expected match {want}, got {result.Result}";
        }

        if (!EventPattern.TryParse(patternText, out var pattern, out var error))
        {
            if (expectedError is not { } expected)
            {
                return $"expected a valid pattern, got: {error!.Message}";
            }

            // Event-ruler asserts its own text, which AWS puts after "Reason: ".
            var message = String(expected, "message");
            return message is null ? null : ExpectationComparer.CompareMessage(message, error!.Reason);
        }

        if (expectedError is not null)
        {
            return "expected the pattern to be rejected, but it compiled";
        }

        if (eventText is null)
        {
            return "case has no event";
        }

        if (!FlatEvent.TryCreate(eventText, out var flat))
        {
            return "event is not JSON";
        }

        var expectedMatch = data.GetProperty("expected").GetBoolean();
        var actual = pattern!.Matches(flat);
        return expectedMatch == actual ? null : $"expected match {expectedMatch}, got {actual}";
    }

    private static string? RunTransformer(JsonElement data)
    {
        var @event = data.GetProperty("event");
        var context = data.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object
            ? new TransformContext(
                String(c, "ruleArn") ?? string.Empty,
                String(c, "ruleName") ?? string.Empty,
                String(c, "eventBusName") ?? string.Empty,
                String(c, "ingestionTime") ?? string.Empty)
            : new TransformContext($"arn:aws:events:{Region}:{Account}:rule/test-rule", "test-rule", "default", String(@event, "time") ?? string.Empty);
        var template = String(data, "inputTemplate");
        InputTransformer? transformer = null;
        if (template is not null)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (data.TryGetProperty("inputPathsMap", out var m) && m.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in m.EnumerateObject())
                {
                    map[p.Name] = p.Value.GetString()!;
                }
            }

            transformer = new InputTransformer(map, template);
        }

        var rendered = TargetInput.Render(@event, null, String(data, "inputPath"), transformer, context);
        var delivered = data.GetProperty("expectedDelivered").GetBoolean();
        if (!delivered)
        {
            return rendered.Delivered ? $"expected nothing delivered, got {rendered.Body}" : null;
        }

        if (!rendered.Delivered)
        {
            return $"expected a delivery, got none: {rendered.Reason}";
        }

        var expected = data.GetProperty("expectedOutput");
        if (String(data, "expectedOutputKind") == "text")
        {
            var text = expected.GetString()!;
            return text == rendered.Body ? null : $"expected text {text}, got {rendered.Body}";
        }

        using var actual = JsonDocument.Parse(rendered.Body!);
        return new ExpectationComparer().CompareJson(expected, actual.RootElement);
    }

    private static string? RunValidation(JsonElement data)
    {
        var request = data.GetProperty("request");
        var api = String(data, "api");
        var synthesized = new List<string>();
        AwsError? error;
        string? responseJson = null;
        if (api == "PutEvents")
        {
            var entries = request.GetProperty("Entries").EnumerateArray().Select(ToEntry).ToArray();
            var counter = 0;
            var validator = new PutEventsValidator(TimeProvider.System, Account, Region, () => $"{Guid.NewGuid()}-{counter++}");
            var outcome = validator.Validate(entries);
            error = outcome.RequestError;
            if (error is null)
            {
                responseJson = ResponseJson(outcome);
            }
        }
        else if (api == "PutTargets")
        {
            var targets = request.GetProperty("Targets").EnumerateArray().Select(t => ToTarget(t, synthesized)).ToArray();
            error = PutTargetsValidator.Validate(targets);
        }
        else
        {
            return $"unknown api {api}";
        }

        if (data.TryGetProperty("expectedError", out var expectedError) && expectedError.ValueKind == JsonValueKind.Object)
        {
            if (error is null)
            {
                return $"expected {String(expectedError, "code")}, got success {responseJson}";
            }

            var code = String(expectedError, "code");
            if (code != error.Code)
            {
                return $"expected {code}, got {error.Code}: {error.Message}";
            }

            var message = String(expectedError, "message")!;
            var actualMessage = error.Message;

            // The recording replaced some generated request values by a snapshot name; compare around them.
            foreach (var value in synthesized)
            {
                var recorded = RecordedValue().Match(message);
                if (recorded.Success)
                {
                    actualMessage = actualMessage.Replace($"'{value}'", $"'{recorded.Groups[1].Value}'", StringComparison.Ordinal);
                }
            }

            return ExpectationComparer.CompareMessage(message, actualMessage);
        }

        if (error is not null)
        {
            return $"expected success, got {error.Code}: {error.Message}";
        }

        if (!data.TryGetProperty("expectedResponse", out var expectedResponse) || expectedResponse.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        using var actual = JsonDocument.Parse(responseJson ?? "{}");
        return new ExpectationComparer().CompareJson(expectedResponse, actual.RootElement);
    }

    private static PutEventsRequestEntry ToEntry(JsonElement e)
    {
        string? detail = null;
        if (e.TryGetProperty("Detail", out var d))
        {
            detail = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("$repeat", out var repeat)
                ? String(repeat, "prefix") + new string(String(repeat, "char")![0], repeat.GetProperty("count").GetInt32()) + String(repeat, "suffix")
                : d.GetString();
        }

        var resources = e.TryGetProperty("Resources", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Select(x => x.GetString()!).ToArray()
            : null;
        DateTimeOffset? time = e.TryGetProperty("Time", out var t) && t.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture)
            : null;
        return new PutEventsRequestEntry(String(e, "Source"), String(e, "DetailType"), detail, String(e, "EventBusName"), resources, time);
    }

    private static EventTarget ToTarget(JsonElement t, List<string> synthesized)
    {
        var id = String(t, "Id") ?? string.Empty;
        var generated = GeneratedId().Match(id);
        if (generated.Success)
        {
            // "<79-character id: ...>" describes a generated id; build one of that length.
            id = new string('x', int.Parse(generated.Groups[1].Value, CultureInfo.InvariantCulture));
            synthesized.Add(id);
        }
        else if (WholePlaceholder().IsMatch(id))
        {
            id = id[1..^1];
        }

        InputTransformer? transformer = null;
        if (t.TryGetProperty("InputTransformer", out var it) && it.ValueKind == JsonValueKind.Object)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (it.TryGetProperty("InputPathsMap", out var m))
            {
                foreach (var p in m.EnumerateObject())
                {
                    map[p.Name] = p.Value.GetString()!;
                }
            }

            transformer = new InputTransformer(map, String(it, "InputTemplate") ?? string.Empty);
        }

        return new EventTarget(id, String(t, "Arn") ?? string.Empty, String(t, "RoleArn"), String(t, "Input"), String(t, "InputPath"), transformer);
    }

    private static string ResponseJson(PutEventsOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Entries");
            foreach (var entry in outcome.Entries)
            {
                writer.WriteStartObject();
                if (entry.EventId is not null)
                {
                    writer.WriteString("EventId", entry.EventId);
                }

                if (entry.ErrorCode is not null)
                {
                    writer.WriteString("ErrorCode", entry.ErrorCode);
                    writer.WriteString("ErrorMessage", entry.ErrorMessage);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("FailedEntryCount", outcome.FailedEntryCount);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Compact(JsonElement e) => TargetInput.Compact(e);

    [GeneratedRegex("^<(\\d+)-character id")]
    private static partial Regex GeneratedId();

    [GeneratedRegex("^<[A-Za-z0-9_.:\\-]+>$")]
    private static partial Regex WholePlaceholder();

    [GeneratedRegex("Value '([^']*)' at")]
    private static partial Regex RecordedValue();
}
