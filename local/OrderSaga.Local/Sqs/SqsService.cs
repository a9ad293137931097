using System.Collections.Concurrent;

namespace OrderSaga.Local.Sqs;

/// <summary>The local SQS: the queues of the deployed template, reachable by name, URL or ARN.</summary>
internal sealed class SqsService(TimeProvider time, string region, string accountId, Func<string> baseUrl, ISqsJournal? journal = null)
{
    public const int MaxMessageBytes = 262_144;

    private readonly ConcurrentDictionary<string, SqsQueue> queues = new(StringComparer.Ordinal);

    public IEnumerable<SqsQueue> Queues => queues.Values.OrderBy(q => q.Name, StringComparer.Ordinal);

    public SqsQueue CreateQueue(string name, IReadOnlyDictionary<string, string>? attributes = null)
    {
        if (string.IsNullOrEmpty(name) || name.Length > 80 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw SqsException.InvalidParameter("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
        }

        var queue = queues.GetOrAdd(name, n => new SqsQueue(n, $"arn:aws:sqs:{region}:{accountId}:{n}", $"{baseUrl().TrimEnd('/')}/{accountId}/{n}", time) { Journal = journal });
        if (attributes is not null)
        {
            ApplyAttributes(queue, attributes);
        }

        return queue;
    }

    public SqsQueue Get(string nameUrlOrArn)
    {
        if (string.IsNullOrEmpty(nameUrlOrArn))
        {
            throw SqsException.MissingParameter("QueueUrl");
        }

        // A URL or ARN ends with the queue name whatever host or account the caller used.
        var name = nameUrlOrArn[(nameUrlOrArn.LastIndexOfAny(['/', ':']) + 1)..];
        return queues.TryGetValue(name, out var queue) ? queue : throw SqsException.NonExistentQueue();
    }

    public bool TryGet(string nameUrlOrArn, out SqsQueue queue)
    {
        var name = nameUrlOrArn[(nameUrlOrArn.LastIndexOfAny(['/', ':']) + 1)..];
        return queues.TryGetValue(name, out queue!);
    }

    public IReadOnlyList<SqsQueue> List(string? prefix) =>
        [.. Queues.Where(q => prefix is null || q.Name.StartsWith(prefix, StringComparison.Ordinal))];

    public static void ValidateBody(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            throw SqsException.MissingParameter("MessageBody");
        }

        if (System.Text.Encoding.UTF8.GetByteCount(body) > MaxMessageBytes)
        {
            throw SqsException.InvalidParameter($"One or more parameters are invalid. Reason: Message must be shorter than {MaxMessageBytes} bytes.");
        }

        // SQS accepts only #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF in a message body.
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            var allowed = c is '\t' or '\n' or '\r' || (c >= 0x20 && c < 0xD800) || (c >= 0xE000 && c <= 0xFFFD)
                || (char.IsHighSurrogate(c) && i + 1 < body.Length && char.IsLowSurrogate(body[++i]));
            if (!allowed)
            {
                throw SqsException.InvalidParameter(
                    $"Invalid binary character '#x{(int)c:X}' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF");
            }
        }
    }

    private void ApplyAttributes(SqsQueue queue, IReadOnlyDictionary<string, string> attributes)
    {
        foreach (var (key, value) in attributes)
        {
            switch (key)
            {
                case "VisibilityTimeout":
                    queue.VisibilityTimeout = TimeSpan.FromSeconds(ParseSeconds(key, value, 0, 43_200));
                    break;
                case "MessageRetentionPeriod":
                    queue.MessageRetentionPeriod = TimeSpan.FromSeconds(ParseSeconds(key, value, 60, 1_209_600));
                    break;
                case "RedrivePolicy":
                    ApplyRedrivePolicy(queue, value);
                    break;
                default:
                    // Other attributes (encryption, policy, delays) do not change local behaviour.
                    break;
            }
        }
    }

    private void ApplyRedrivePolicy(SqsQueue queue, string value)
    {
        try
        {
            using var policy = System.Text.Json.JsonDocument.Parse(value);
            var target = policy.RootElement.GetProperty("deadLetterTargetArn").GetString() ?? string.Empty;
            var maxReceive = policy.RootElement.GetProperty("maxReceiveCount");
            queue.DeadLetterQueue = Get(target);
            queue.MaxReceiveCount = maxReceive.ValueKind == System.Text.Json.JsonValueKind.String
                ? int.Parse(maxReceive.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
                : maxReceive.GetInt32();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw SqsException.InvalidParameter($"Value {value} for parameter RedrivePolicy is invalid. Reason: {ex.Message}");
        }
    }

    private static int ParseSeconds(string name, string value, int min, int max) =>
        int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= min && seconds <= max
            ? seconds
            : throw SqsException.InvalidParameter($"Invalid value for the parameter {name}.");
}
