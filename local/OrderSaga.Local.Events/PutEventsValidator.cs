using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.Events;

/// <summary>
/// PutEvents' entry rules as AWS applies them: at most 10 entries and 256 KiB in all (whole-request
/// ValidationException), then per entry Source, DetailType and Detail required and Detail a JSON object
/// (per-entry InvalidArgument / MalformedDetail). Accepted entries become full event envelopes.
/// </summary>
public sealed class PutEventsValidator(TimeProvider time, string account, string region, Func<string>? newEventId = null)
{
    public const int MaxEntries = 10;
    public const int MaxRequestBytes = 256 * 1024;
    public const string DefaultBusName = "default";

    private readonly Func<string> _newEventId = newEventId ?? (() => Guid.NewGuid().ToString());

    public PutEventsOutcome Validate(IReadOnlyList<PutEventsRequestEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count > MaxEntries)
        {
            var listed = string.Join(", ", entries.Select(JavaToString));
            return Failed(new AwsError("ValidationException",
                $"1 validation error detected: Value '[{listed}]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to {MaxEntries}"));
        }

        if (entries.Count == 0)
        {
            return Failed(new AwsError("ValidationException",
                "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1"));
        }

        if (entries.Sum(EntrySize) > MaxRequestBytes)
        {
            return Failed(new AwsError("ValidationException", "Total size of the entries in the request is over the limit."));
        }

        var results = new List<PutEventsResultEntry>(entries.Count);
        var accepted = new List<AcceptedEvent>(entries.Count);
        var failed = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var error = EntryError(entry);
            if (error is not null)
            {
                failed++;
                results.Add(error);
                continue;
            }

            var id = _newEventId();
            results.Add(new PutEventsResultEntry(id));
            var bus = BusName(entry.EventBusName);
            accepted.Add(new AcceptedEvent(i, id, bus, Envelope(entry, id)));
        }

        return new PutEventsOutcome(null, results, failed, accepted);
    }

    /// <summary>The bus name an entry targets: its EventBusName (a name or an ARN), or the default bus.</summary>
    public static string BusName(string? eventBusName)
    {
        if (string.IsNullOrEmpty(eventBusName))
        {
            return DefaultBusName;
        }

        var slash = eventBusName.LastIndexOf('/');
        return eventBusName.StartsWith("arn:", StringComparison.Ordinal) && slash >= 0 ? eventBusName[(slash + 1)..] : eventBusName;
    }

    private static PutEventsOutcome Failed(AwsError error) => new(error, [], 0, []);

    private static PutEventsResultEntry? EntryError(PutEventsRequestEntry entry)
    {
        if (string.IsNullOrEmpty(entry.Source))
        {
            return InvalidArgument("Source");
        }

        if (string.IsNullOrEmpty(entry.DetailType))
        {
            return InvalidArgument("DetailType");
        }

        if (string.IsNullOrEmpty(entry.Detail))
        {
            return InvalidArgument("Detail");
        }

        return IsJsonObject(entry.Detail) ? null : new PutEventsResultEntry(null, "MalformedDetail", "Detail is malformed.");
    }

    private static PutEventsResultEntry InvalidArgument(string field) =>
        new(null, "InvalidArgument", $"Parameter {field} is not valid. Reason: {field} is a required argument.");

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    // AWS's documented entry size: 14 bytes for Time when given, plus the UTF-8 bytes of Source, DetailType, Detail and each resource.
    private static int EntrySize(PutEventsRequestEntry entry) =>
        (entry.Time is null ? 0 : 14)
        + Utf8(entry.Source) + Utf8(entry.DetailType) + Utf8(entry.Detail)
        + (entry.Resources?.Sum(Utf8) ?? 0);

    private static int Utf8(string? s) => s is null ? 0 : Encoding.UTF8.GetByteCount(s);

    // AWS echoes the rejected entries with Java's record toString in this message.
    private static string JavaToString(PutEventsRequestEntry e) =>
        $"PutEventsRequestEntry(time={Java(e.Time?.ToString("ddd MMM dd HH:mm:ss 'UTC' yyyy", CultureInfo.InvariantCulture))}, source={Java(e.Source)}, "
        + $"resources={(e.Resources is null ? "null" : "[" + string.Join(", ", e.Resources) + "]")}, detailType={Java(e.DetailType)}, "
        + $"detail={Java(e.Detail)}, eventBusName={Java(e.EventBusName)}, traceHeader={Java(e.TraceHeader)}, kmsKeyIdentifier=null, internalMetadata=null)";

    private static string Java(string? s) => s ?? "null";

    private string Envelope(PutEventsRequestEntry entry, string id)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", id);
            writer.WriteString("detail-type", entry.DetailType);
            writer.WriteString("source", entry.Source);
            writer.WriteString("account", account);
            var when = (entry.Time ?? time.GetUtcNow()).ToUniversalTime();
            writer.WriteString("time", when.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("region", region);
            writer.WriteStartArray("resources");
            foreach (var resource in entry.Resources ?? [])
            {
                writer.WriteStringValue(resource);
            }

            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            using (var detail = JsonDocument.Parse(entry.Detail!))
            {
                detail.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
