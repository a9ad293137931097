using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OrderSaga.Local.Sqs;

/// <summary>
/// One standard queue: at-least-once delivery with visibility timeouts, and a redrive to a dead-letter queue
/// once a message has been received <see cref="MaxReceiveCount"/> times, as SQS does.
/// </summary>
internal sealed class SqsQueue
{
    private readonly Lock gate = new();
    private readonly List<SqsMessage> messages = [];
    private readonly TimeProvider time;
    private TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SqsQueue(string name, string arn, string url, TimeProvider time, TimeSpan? visibilityTimeout = null)
    {
        Name = name;
        Arn = arn;
        Url = url;
        this.time = time;
        CreatedAt = time.GetUtcNow();
        VisibilityTimeout = visibilityTimeout ?? TimeSpan.FromSeconds(30);
    }

    public string Name { get; }

    public string Arn { get; }

    public string Url { get; }

    public DateTimeOffset CreatedAt { get; }

    public TimeSpan VisibilityTimeout { get; set; }

    public TimeSpan MessageRetentionPeriod { get; set; } = TimeSpan.FromDays(4);

    public SqsQueue? DeadLetterQueue { get; set; }

    public int MaxReceiveCount { get; set; }

    /// <summary>Where every change to a message is written down (the data directory); null keeps the queue in memory only.</summary>
    public ISqsJournal? Journal { get; set; }

    public SqsMessage Send(string body, IReadOnlyDictionary<string, string>? messageAttributes = null, TimeSpan? delay = null)
    {
        var now = time.GetUtcNow();
        var message = new SqsMessage(Guid.NewGuid().ToString(), body, Md5Hex(body), now, messageAttributes ?? new Dictionary<string, string>())
        {
            VisibleAt = now + (delay ?? TimeSpan.Zero),
        };
        Enqueue(message);
        return message;
    }

    public IReadOnlyList<SqsMessage> Receive(int maxMessages, TimeSpan? visibilityTimeout)
    {
        var now = time.GetUtcNow();
        var received = new List<SqsMessage>();
        List<SqsMessage>? redriven = null;
        lock (gate)
        {
            messages.RemoveAll(m =>
            {
                if (now - m.SentAt <= MessageRetentionPeriod)
                {
                    return false;
                }

                Journal?.MessageDeleted(m.MessageId);
                return true;
            });
            foreach (var message in messages)
            {
                if (received.Count == maxMessages)
                {
                    break;
                }

                if (message.VisibleAt > now)
                {
                    continue;
                }

                if (DeadLetterQueue is not null && MaxReceiveCount > 0 && message.ReceiveCount >= MaxReceiveCount)
                {
                    (redriven ??= []).Add(message);
                    continue;
                }

                message.ReceiveCount++;
                message.FirstReceivedAt ??= now;
                message.VisibleAt = now + (visibilityTimeout ?? VisibilityTimeout);
                message.ReceiptHandle = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Name}:{message.MessageId}:{Guid.NewGuid():N}"));
                Journal?.MessageSaved(Name, message);
                received.Add(message);
            }

            if (redriven is not null)
            {
                messages.RemoveAll(redriven.Contains);
            }
        }

        if (redriven is not null)
        {
            foreach (var message in redriven)
            {
                message.ReceiptHandle = null;
                message.VisibleAt = now;
                DeadLetterQueue!.Enqueue(message);
            }
        }

        return received;
    }

    /// <summary>Waits until a message may be available or the wait ends; long polling without busy loops.</summary>
    public Task WaitForMessageAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            signal = arrived.Task;
        }

        return signal.WaitAsync(wait, cancellationToken).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Delete(string receiptHandle)
    {
        lock (gate)
        {
            var index = messages.FindIndex(m => m.ReceiptHandle == receiptHandle);
            if (index < 0)
            {
                if (!IsWellFormedHandle(receiptHandle))
                {
                    throw SqsException.ReceiptHandleIsInvalid(receiptHandle);
                }

                // SQS accepts a delete of a message already deleted or of a stale handle.
                return;
            }

            Journal?.MessageDeleted(messages[index].MessageId);
            messages.RemoveAt(index);
        }
    }

    public void ChangeVisibility(string receiptHandle, TimeSpan visibilityTimeout)
    {
        lock (gate)
        {
            var message = messages.Find(m => m.ReceiptHandle == receiptHandle) ?? throw SqsException.ReceiptHandleIsInvalid(receiptHandle);
            message.VisibleAt = time.GetUtcNow() + visibilityTimeout;
            Journal?.MessageSaved(Name, message);
        }
    }

    public void Purge()
    {
        lock (gate)
        {
            messages.Clear();
            Journal?.QueuePurged(Name);
        }
    }

    /// <summary>Puts back the messages a data directory kept, as they were (receive count, visibility, receipt handle).</summary>
    public void Restore(IEnumerable<SqsMessage> restored)
    {
        lock (gate)
        {
            messages.AddRange(restored);
        }
    }

    /// <summary>Messages without receiving them: for the console and the tests.</summary>
    public IReadOnlyList<SqsMessage> Peek()
    {
        lock (gate)
        {
            return [.. messages];
        }
    }

    public IReadOnlyDictionary<string, string> GetAttributes()
    {
        var now = time.GetUtcNow();
        int visible = 0, notVisible = 0, delayed = 0;
        lock (gate)
        {
            foreach (var message in messages)
            {
                if (message.VisibleAt <= now)
                {
                    visible++;
                }
                else if (message.ReceiveCount == 0)
                {
                    delayed++;
                }
                else
                {
                    notVisible++;
                }
            }
        }

        var attributes = new Dictionary<string, string>
        {
            ["QueueArn"] = Arn,
            ["ApproximateNumberOfMessages"] = visible.ToString(CultureInfo.InvariantCulture),
            ["ApproximateNumberOfMessagesNotVisible"] = notVisible.ToString(CultureInfo.InvariantCulture),
            ["ApproximateNumberOfMessagesDelayed"] = delayed.ToString(CultureInfo.InvariantCulture),
            ["CreatedTimestamp"] = CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["LastModifiedTimestamp"] = CreatedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["VisibilityTimeout"] = ((int)VisibilityTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["MessageRetentionPeriod"] = ((int)MessageRetentionPeriod.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["MaximumMessageSize"] = "262144",
            ["DelaySeconds"] = "0",
            ["ReceiveMessageWaitTimeSeconds"] = "0",
            ["SqsManagedSseEnabled"] = "true",
        };
        if (DeadLetterQueue is not null)
        {
            attributes["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{DeadLetterQueue.Arn}\",\"maxReceiveCount\":{MaxReceiveCount}}}";
        }

        return attributes;
    }

    private void Enqueue(SqsMessage message)
    {
        TaskCompletionSource signal;
        lock (gate)
        {
            messages.Add(message);
            Journal?.MessageSaved(Name, message);
            signal = arrived;
            arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
    }

    private static bool IsWellFormedHandle(string receiptHandle)
    {
        if (receiptHandle.Length is 0 or > 1024)
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[receiptHandle.Length];
        return Convert.TryFromBase64String(receiptHandle, buffer, out _);
    }

#pragma warning disable CA5351 // SQS's wire protocol defines MD5OfMessageBody; it is a checksum here, not security.
    internal static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
