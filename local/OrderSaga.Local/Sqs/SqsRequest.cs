namespace OrderSaga.Local.Sqs;

/// <summary>
/// The parameters of one SQS call, whichever wire protocol carried them: the AWS CLI v2 in Debian speaks the
/// query protocol (form fields, numbered lists), AWS SDKs since 2023 the JSON protocol.
/// </summary>
internal sealed record SqsRequest(
    string Action,
    IReadOnlyDictionary<string, string> Values,
    IReadOnlyList<string> AttributeNames,
    IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyList<SqsBatchEntry> Entries)
{
    public string? Get(string name) => Values.TryGetValue(name, out var value) ? value : null;

    public string Require(string name) => Get(name) is { Length: > 0 } value ? value : throw SqsException.MissingParameter(name);

    public int? GetInt(string name, int min, int max)
    {
        if (Get(name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw SqsException.InvalidParameter($"Value {text} for parameter {name} is invalid. Reason: must be between {min} and {max}.");
    }
}

/// <summary>One entry of a batch call (DeleteMessageBatch, SendMessageBatch).</summary>
internal sealed record SqsBatchEntry(string Id, string? ReceiptHandle, string? MessageBody);
