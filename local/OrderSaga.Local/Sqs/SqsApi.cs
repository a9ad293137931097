using System.Globalization;

namespace OrderSaga.Local.Sqs;

/// <summary>The SQS operations, independent of wire protocol: each returns a result tree the protocols serialize.</summary>
internal sealed class SqsApi(SqsService sqs)
{
    public SqsService Service => sqs;

    public async Task<SqsResult> ExecuteAsync(SqsRequest request, CancellationToken cancellationToken)
    {
        switch (request.Action)
        {
            case "CreateQueue":
                return new SqsResult { ["QueueUrl"] = sqs.CreateQueue(request.Require("QueueName"), request.Attributes).Url };
            case "GetQueueUrl":
                return new SqsResult { ["QueueUrl"] = sqs.Get(request.Require("QueueName")).Url };
            case "ListQueues":
                return new SqsResult { ["QueueUrls"] = sqs.List(request.Get("QueueNamePrefix")).Select(q => q.Url).ToList() };
            case "GetQueueAttributes":
                return GetQueueAttributes(request);
            case "SendMessage":
                return SendMessage(request);
            case "SendMessageBatch":
                return SendMessageBatch(request);
            case "ReceiveMessage":
                return await ReceiveMessageAsync(request, cancellationToken);
            case "DeleteMessage":
                sqs.Get(request.Require("QueueUrl")).Delete(request.Require("ReceiptHandle"));
                return new SqsResult();
            case "DeleteMessageBatch":
                return DeleteMessageBatch(request);
            case "ChangeMessageVisibility":
                sqs.Get(request.Require("QueueUrl")).ChangeVisibility(
                    request.Require("ReceiptHandle"),
                    TimeSpan.FromSeconds(request.GetInt("VisibilityTimeout", 0, 43_200) ?? throw SqsException.MissingParameter("VisibilityTimeout")));
                return new SqsResult();
            case "PurgeQueue":
                sqs.Get(request.Require("QueueUrl")).Purge();
                return new SqsResult();
            default:
                throw SqsException.InvalidAction(request.Action);
        }
    }

    private SqsResult GetQueueAttributes(SqsRequest request)
    {
        var all = sqs.Get(request.Require("QueueUrl")).GetAttributes();
        var names = request.AttributeNames;
        var selected = names.Contains("All")
            ? all
            : all.Where(a => names.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value);
        return new SqsResult { ["Attributes"] = selected };
    }

    private SqsResult SendMessage(SqsRequest request)
    {
        var queue = sqs.Get(request.Require("QueueUrl"));
        var body = request.Get("MessageBody");
        SqsService.ValidateBody(body);
        var delay = request.GetInt("DelaySeconds", 0, 900) ?? 0;
        var message = queue.Send(body!, delay: TimeSpan.FromSeconds(delay));
        return new SqsResult { ["MessageId"] = message.MessageId, ["MD5OfMessageBody"] = message.Md5OfBody };
    }

    private SqsResult SendMessageBatch(SqsRequest request)
    {
        var queue = sqs.Get(request.Require("QueueUrl"));
        var successful = new List<SqsResult>();
        var failed = new List<SqsResult>();
        foreach (var entry in request.Entries)
        {
            try
            {
                SqsService.ValidateBody(entry.MessageBody);
                var message = queue.Send(entry.MessageBody!);
                successful.Add(new SqsResult { ["Id"] = entry.Id, ["MessageId"] = message.MessageId, ["MD5OfMessageBody"] = message.Md5OfBody });
            }
            catch (SqsException ex)
            {
                failed.Add(new SqsResult { ["Id"] = entry.Id, ["SenderFault"] = true, ["Code"] = ex.QueryCode, ["Message"] = ex.Message });
            }
        }

        return new SqsResult { ["Successful"] = successful, ["Failed"] = failed };
    }

    private SqsResult DeleteMessageBatch(SqsRequest request)
    {
        var queue = sqs.Get(request.Require("QueueUrl"));
        var successful = new List<SqsResult>();
        var failed = new List<SqsResult>();
        foreach (var entry in request.Entries)
        {
            try
            {
                queue.Delete(entry.ReceiptHandle ?? throw SqsException.MissingParameter("ReceiptHandle"));
                successful.Add(new SqsResult { ["Id"] = entry.Id });
            }
            catch (SqsException ex)
            {
                failed.Add(new SqsResult { ["Id"] = entry.Id, ["SenderFault"] = true, ["Code"] = ex.QueryCode, ["Message"] = ex.Message });
            }
        }

        return new SqsResult { ["Successful"] = successful, ["Failed"] = failed };
    }

    private async Task<SqsResult> ReceiveMessageAsync(SqsRequest request, CancellationToken cancellationToken)
    {
        var queue = sqs.Get(request.Require("QueueUrl"));
        var max = request.GetInt("MaxNumberOfMessages", 1, 10) ?? 1;
        var visibility = request.GetInt("VisibilityTimeout", 0, 43_200);
        var wait = request.GetInt("WaitTimeSeconds", 0, 20) ?? 0;
        var received = queue.Receive(max, visibility is null ? null : TimeSpan.FromSeconds(visibility.Value));
        if (received.Count == 0 && wait > 0)
        {
            await queue.WaitForMessageAsync(TimeSpan.FromSeconds(wait), cancellationToken);
            received = queue.Receive(max, visibility is null ? null : TimeSpan.FromSeconds(visibility.Value));
        }

        var names = request.AttributeNames;
        var messages = received.Select(m =>
        {
            var result = new SqsResult
            {
                ["MessageId"] = m.MessageId,
                ["ReceiptHandle"] = m.ReceiptHandle!,
                ["MD5OfBody"] = m.Md5OfBody,
                ["Body"] = m.Body,
            };
            var attributes = SystemAttributes(m).Where(a => names.Contains("All") || names.Contains(a.Key)).ToDictionary(a => a.Key, a => a.Value);
            if (attributes.Count > 0)
            {
                result["Attributes"] = attributes;
            }

            return result;
        }).ToList();
        return new SqsResult { ["Messages"] = messages };
    }

    private static Dictionary<string, string> SystemAttributes(SqsMessage message) => new()
    {
        ["SenderId"] = "000000000000",
        ["SentTimestamp"] = message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        ["ApproximateReceiveCount"] = message.ReceiveCount.ToString(CultureInfo.InvariantCulture),
        ["ApproximateFirstReceiveTimestamp"] = (message.FirstReceivedAt ?? message.SentAt).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
    };
}
