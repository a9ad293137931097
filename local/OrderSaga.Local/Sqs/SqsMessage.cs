namespace OrderSaga.Local.Sqs;

/// <summary>A message as a queue holds it. Receipt handle and visibility change with each receive.</summary>
internal sealed class SqsMessage(string messageId, string body, string md5OfBody, DateTimeOffset sentAt, IReadOnlyDictionary<string, string> messageAttributes)
{
    public string MessageId { get; } = messageId;

    public string Body { get; } = body;

    public string Md5OfBody { get; } = md5OfBody;

    public DateTimeOffset SentAt { get; } = sentAt;

    public IReadOnlyDictionary<string, string> MessageAttributes { get; } = messageAttributes;

    public int ReceiveCount { get; set; }

    public DateTimeOffset? FirstReceivedAt { get; set; }

    public DateTimeOffset VisibleAt { get; set; }

    public string? ReceiptHandle { get; set; }
}
