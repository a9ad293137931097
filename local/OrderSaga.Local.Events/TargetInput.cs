using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.Events;

/// <summary>
/// What EventBridge delivers to a target for one matched event: the whole event, a constant Input, the value
/// InputPath selects, or an InputTransformer's template with its placeholders filled.
/// </summary>
public static class TargetInput
{
    public const string RuleArnVariable = "aws.events.rule-arn";
    public const string RuleNameVariable = "aws.events.rule-name";
    public const string IngestionTimeVariable = "aws.events.event.ingestion-time";
    public const string EventVariable = "aws.events.event";
    public const string EventJsonVariable = "aws.events.event.json";

    public static readonly IReadOnlySet<string> PredefinedVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        RuleArnVariable, RuleNameVariable, IngestionTimeVariable, EventVariable, EventJsonVariable,
    };

    public static RenderedInput Render(JsonElement @event, string? input, string? inputPath, InputTransformer? transformer, TransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (input is not null)
        {
            return RenderedInput.Deliver(input);
        }

        if (inputPath is not null)
        {
            return JsonPathSelector.TrySelect(@event, inputPath, out var selected, out _, out _)
                ? RenderedInput.Deliver(selected)
                : RenderedInput.NotDelivered($"InputPath {inputPath} selects nothing in the event.");
        }

        return transformer is null ? RenderedInput.Deliver(Compact(@event)) : Transform(@event, transformer, context);
    }

    private static RenderedInput Transform(JsonElement @event, InputTransformer transformer, TransformContext context)
    {
        var values = new Dictionary<string, Value>(StringComparer.Ordinal);
        foreach (var (name, path) in transformer.InputPathsMap)
        {
            values[name] = JsonPathSelector.TrySelect(@event, path, out var json, out var kind, out var text)
                ? new Value(kind, json, text)
                : Value.Missing;
        }

        values[RuleArnVariable] = Value.OfString(context.RuleArn);
        values[RuleNameVariable] = Value.OfString(context.RuleName);
        values[IngestionTimeVariable] = Value.OfString(context.IngestionTime);
        values[EventVariable] = Value.OfJson(EventSummary(@event), JsonValueKind.Object);
        values[EventJsonVariable] = Value.Of(@event);

        var template = transformer.InputTemplate;
        var trimmed = template.AsSpan().TrimStart();
        var isJson = trimmed.Length > 0 && trimmed[0] is '{' or '[';
        var output = new StringBuilder(template.Length + 64);
        var inString = false;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '\\' && inString && i + 1 < template.Length)
            {
                output.Append(c).Append(template[++i]);
                continue;
            }

            if (c == '"')
            {
                inString = !inString;
                output.Append(c);
                continue;
            }

            var close = c == '<' ? template.IndexOf('>', i + 1) : -1;
            if (close < 0 || !values.TryGetValue(template[(i + 1)..close], out var value))
            {
                output.Append(c);
                continue;
            }

            Append(output, value, inString, isJson);
            i = close;
        }

        var body = output.ToString();
        if (isJson && !IsJson(body))
        {
            return RenderedInput.NotDelivered("The InputTemplate produced invalid JSON; the event is not delivered.");
        }

        return RenderedInput.Deliver(body);
    }

    private static void Append(StringBuilder output, Value value, bool inString, bool isJson)
    {
        if (value.Kind == JsonValueKind.Undefined)
        {
            // A path that selects nothing stands for an empty string.
            output.Append(inString || !isJson ? string.Empty : "\"\"");
            return;
        }

        if (!inString && isJson)
        {
            output.Append(value.Json);
            return;
        }

        switch (value.Kind)
        {
            case JsonValueKind.String:
                output.Append(isJson ? EscapeForJsonString(value.Text!) : value.Text);
                break;
            case JsonValueKind.Object or JsonValueKind.Array:
                // Inside a JSON string AWS pastes the raw JSON (which breaks the document); in a text template it
                // drops the quotes, giving e.g. {id:1,name:x}.
                output.Append(isJson ? value.Json : value.Json.Replace("\"", string.Empty, StringComparison.Ordinal));
                break;
            default:
                output.Append(value.Json);
                break;
        }
    }

    private static string EscapeForJsonString(string text)
    {
        var encoded = JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return encoded.ToString();
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // <aws.events.event> is the envelope without its detail, with detail-type spelled detailType.
    private static string EventSummary(JsonElement @event)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (@event.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in @event.EnumerateObject())
                {
                    if (property.NameEquals("detail"))
                    {
                        continue;
                    }

                    writer.WritePropertyName(property.NameEquals("detail-type") ? "detailType" : property.Name);
                    property.Value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    internal static string Compact(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private readonly record struct Value(JsonValueKind Kind, string Json, string? Text)
    {
        public static Value Missing => new(JsonValueKind.Undefined, string.Empty, null);

        public static Value Of(JsonElement element) =>
            new(element.ValueKind, Compact(element), element.ValueKind == JsonValueKind.String ? element.GetString() : null);

        public static Value OfString(string text) => new(JsonValueKind.String, JsonSerializerString(text), text);

        public static Value OfJson(string json, JsonValueKind kind) => new(kind, json, null);

        private static string JsonSerializerString(string text) =>
            "\"" + JsonEncodedText.Encode(text, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"";
    }
}
