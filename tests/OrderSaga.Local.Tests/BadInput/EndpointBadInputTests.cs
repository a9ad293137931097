using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace OrderSaga.Local.Tests.BadInput;

/// <summary>
/// Every operation of the AWS-compatible port fed generated malformed, oversized and hostile requests: each answers
/// with AWS's error shape (or a success where AWS accepts the input), never a 5xx or a dropped connection, and no
/// request changes what is deployed, queued or stored.
/// </summary>
public sealed class EndpointBadInputTests(BadInputCloudFixture cloud, ITestOutputHelper output) : IClassFixture<BadInputCloudFixture>
{
    private const int RandomCasesPerOperation = 60;
    private const int MaxReportedFailures = 25;

    private static readonly string MachineArn = Json(BadInputCloudFixture.MachineArn);
    private static readonly string ExecutionArn = Json(BadInputCloudFixture.CompletedExecutionArn);

    private static readonly JsonOperation[] Operations =
    [
        new("AWSStepFunctions.ListStateMachines", "maxResults", "nextToken"),
        new("AWSStepFunctions.DescribeStateMachine", "stateMachineArn"),
        // Not anchored: a valid machine with any input AWS accepts would start an execution (see the targeted test below).
        new("AWSStepFunctions.StartExecution", "stateMachineArn", "name", "input", "traceHeader"),
        new("AWSStepFunctions.DescribeExecution", "executionArn", "includedData"),
        new JsonOperation("AWSStepFunctions.ListExecutions", "stateMachineArn", "statusFilter", "redriveFilter", "maxResults", "nextToken").With("stateMachineArn", MachineArn),
        new JsonOperation("AWSStepFunctions.GetExecutionHistory", "executionArn", "includeExecutionData", "reverseOrder", "maxResults", "nextToken").With("executionArn", ExecutionArn),
        new JsonOperation("AWSStepFunctions.StopExecution", "executionArn", "error", "cause").With("executionArn", ExecutionArn),
        new JsonOperation("AWSStepFunctions.RedriveExecution", "executionArn", "clientToken").With("executionArn", ExecutionArn),
        new("AWSStepFunctions.DescribeStateMachineForExecution", "executionArn", "includedData"),
        new("AWSEvents.PutEvents", "Entries", "EndpointId"),
        new("AWSEvents.ListEventBuses", "NamePrefix", "Limit", "NextToken"),
        new("AWSEvents.DescribeEventBus", "Name"),
        new("AWSEvents.ListRules", "EventBusName", "NamePrefix", "Limit", "NextToken"),
        new JsonOperation("AWSEvents.DescribeRule", "Name", "EventBusName").With("Name", Json(BadInputCloudFixture.RuleName)),
        new JsonOperation("AWSEvents.ListTargetsByRule", "Rule", "EventBusName", "Limit", "NextToken").With("Rule", Json(BadInputCloudFixture.RuleName)),
        new JsonOperation("AWSEvents.TestEventPattern", "EventPattern", "Event").With("Event", Json(ValidEvent)),
        new JsonOperation("AWSEvents.PutRule", "Name", "EventBusName", "EventPattern", "ScheduleExpression", "State", "Description", "RoleArn").With("Name", Json(BadInputCloudFixture.RuleName)),
        new JsonOperation("AWSEvents.PutTargets", "Rule", "EventBusName", "Targets").With("Rule", Json(BadInputCloudFixture.RuleName)),
        new JsonOperation("AWSEvents.RemoveTargets", "Rule", "EventBusName", "Ids", "Force").With("Rule", Json(BadInputCloudFixture.RuleName)),
        new("AWSEvents.DeleteRule", "Name", "EventBusName", "Force"),
        new JsonOperation("AWSEvents.CreateArchive", "ArchiveName", "EventSourceArn", "Description", "EventPattern", "RetentionDays").With("EventSourceArn", Json(BadInputCloudFixture.BusArn)),
        new("AWSEvents.ListArchives", "NamePrefix", "EventSourceArn", "State", "Limit", "NextToken"),
        new("AWSEvents.DescribeArchive", "ArchiveName"),
        new JsonOperation("AWSEvents.StartReplay", "ReplayName", "EventSourceArn", "EventStartTime", "EventEndTime", "Destination", "Description")
            .With("EventSourceArn", Json(BadInputCloudFixture.ArchiveArn)).With("EventStartTime", "0").With("EventEndTime", "1"),
        new("AWSEvents.DescribeReplay", "ReplayName"),
        new("AWSEvents.ListReplays", "NamePrefix", "State", "EventSourceArn", "Limit", "NextToken"),
        new("AmazonSQS.CreateQueue", "QueueName", "Attributes", "tags"),
        new("AmazonSQS.GetQueueUrl", "QueueName", "QueueOwnerAWSAccountId"),
        new("AmazonSQS.ListQueues", "QueueNamePrefix", "MaxResults", "NextToken"),
        new("AmazonSQS.GetQueueAttributes", "QueueUrl", "AttributeNames"),
        // Not anchored: a real queue with any body AWS accepts would enqueue a message.
        new("AmazonSQS.SendMessage", "QueueUrl", "MessageBody", "DelaySeconds", "MessageAttributes"),
        new("AmazonSQS.SendMessageBatch", "QueueUrl", "Entries"),
        new("AmazonSQS.ReceiveMessage", "QueueUrl", "MaxNumberOfMessages", "VisibilityTimeout", "WaitTimeSeconds", "AttributeNames", "MessageSystemAttributeNames"),
        new("AmazonSQS.DeleteMessage", "QueueUrl", "ReceiptHandle"),
        new("AmazonSQS.DeleteMessageBatch", "QueueUrl", "Entries"),
        new("AmazonSQS.ChangeMessageVisibility", "QueueUrl", "ReceiptHandle", "VisibilityTimeout"),
        new("AmazonSQS.PurgeQueue", "QueueUrl"),
    ];

    private const string ValidEvent = """{"id":"1","detail-type":"x","source":"test.orders","account":"000000000000","time":"2026-03-01T12:00:00Z","region":"us-east-1","resources":[],"detail":{}}""";

    public static TheoryData<string> JsonOperations => [.. Operations.Select(o => o.Target)];

    public static TheoryData<string> SqsQueryActions => [.. Operations.Where(o => o.Target.StartsWith("AmazonSQS.", StringComparison.Ordinal)).Select(o => o.Operation)];

    [Theory]
    [MemberData(nameof(JsonOperations))]
    public async Task HandleAsync_HostileJsonBodies_AnswerAwsErrorAndChangeNothing(string target)
    {
        var operation = Operations.Single(o => o.Target == target);
        var anchors = new Dictionary<string, string>(operation.Anchors);
        if (target.StartsWith("AmazonSQS.", StringComparison.Ordinal) && operation.Operation is "GetQueueAttributes" or "DeleteMessage" or "DeleteMessageBatch" or "ChangeMessageVisibility")
        {
            anchors["QueueUrl"] = Json(cloud.QueueUrl);
        }

        var (count, failures) = await CheckEachAsync(
            HostileJson.Bodies(operation.Members, anchors, operation.Seed, RandomCasesPerOperation),
            hostile => $"{target} seed={operation.Seed} case={hostile.Label}",
            hostile => CheckJsonAsync(target, hostile));

        output.WriteLine($"{target}: {count} generated bodies (seed {operation.Seed})");
        await AssertStillServesAsync(target);
        AssertNoFailures(count, failures);
    }

    [Theory]
    [MemberData(nameof(SqsQueryActions))]
    public async Task HandleAsync_HostileSqsQueryForms_AnswerErrorResponseAndChangeNothing(string action)
    {
        var operation = Operations.Single(o => o.Target == $"AmazonSQS.{action}");
        var (count, failures) = await CheckEachAsync(
            HostileForms(action, operation.Members, operation.Seed),
            form => $"query {action} seed={operation.Seed} case={form.Label}",
            form => CheckQueryAsync(form.Body, form.ContentType));

        output.WriteLine($"query {action}: {count} generated forms (seed {operation.Seed})");
        using var list = await cloud.PostRawAsync("/", "Action=ListQueues&Version=2012-11-05"u8.ToArray(), "application/x-www-form-urlencoded");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(BadInputCloudFixture.QueueName, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertNoFailures(count, failures);
    }

    [Fact]
    public async Task HandleAsync_HostileTargetsAndContentTypes_AnswerJsonErrorAndChangeNothing()
    {
        string[] targets =
        [
            "", ".", "AWSStepFunctions", "AWSStepFunctions.", "AWSStepFunctions.listStateMachines", "AWSStepFunctions.Nope",
            "AWSEvents..PutEvents", "AWSEvents.PutEvents.Extra", "AmazonSQS.", "AmazonSQS.Nope", "DynamoDB_20120810.ListTables",
            "Logs_20140328.PutLogEvents", new string('A', 4_000), "%E5%90%8D.%00", "AWSEvents.PutEvents;AWSEvents.ListRules",
        ];
        var failures = new List<string>();
        cloud.ServerErrors.Clear();
        var before = await cloud.SnapshotAsync();
        foreach (var target in targets)
        {
            foreach (var contentType in new[] { "application/x-amz-json-1.0", "application/json", "text/plain" })
            {
                var hostile = new HostileCase($"target={target[..Math.Min(target.Length, 40)]} type={contentType}", "{}"u8.ToArray());
                using var request = new HttpRequestMessage(HttpMethod.Post, cloud.BaseUrl + "/") { Content = new ByteArrayContent(hostile.Body) };
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                if (target.Length > 0)
                {
                    request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
                }

                var problem = await CheckJsonResponseAsync(() => cloud.Http.SendAsync(request), sqsJson: target.StartsWith("AmazonSQS", StringComparison.Ordinal));
                if (problem is not null)
                {
                    failures.Add($"{hostile.Label}: {problem}");
                }
            }
        }

        Assert.Equal(before, await cloud.SnapshotAsync());
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task StartExecution_ValidMachineWithInvalidInput_AnswersInvalidExecutionInputAndStartsNothing()
    {
        (string Label, string Input)[] inputs =
        [
            ("not-json", "hello"), ("truncated", "{\"order\":"), ("single-quotes", "{'a':1}"), ("trailing", "{} x"),
            ("lone-surrogate", "{\"a\":\"\ud800\"}"), ("over-256KiB", $"{{\"a\":\"{new string('x', 262_200)}\"}}"),
            ("nan", "NaN"), ("bom", "\uFEFF{}"),
        ];
        var failures = new List<string>();
        cloud.ServerErrors.Clear();
        var before = await cloud.SnapshotAsync();
        foreach (var (label, input) in inputs)
        {
            var body = $"{{\"stateMachineArn\":{MachineArn},\"input\":{HostileJson.Encode(input)}}}";
            var problem = await CheckJsonAsync("AWSStepFunctions.StartExecution", new HostileCase(label, Encoding.UTF8.GetBytes(body)), expectError: true);
            if (problem is not null)
            {
                failures.Add($"input={label}: {problem}");
            }
        }

        Assert.Equal(before, await cloud.SnapshotAsync());
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task SendMessage_RealQueueWithInvalidBody_AnswersErrorAndEnqueuesNothing()
    {
        (string Label, string Body)[] bodies =
        [
            ("empty", string.Empty), ("nul", "a\0b"), ("control", "\u0001\u0008"), ("lone-surrogate", "x\ud800"),
            ("fffe", "\uFFFE"), ("over-256KiB", new string('x', 262_145)),
        ];
        var failures = new List<string>();
        cloud.ServerErrors.Clear();
        var before = await cloud.SnapshotAsync();
        foreach (var (label, messageBody) in bodies)
        {
            var body = $"{{\"QueueUrl\":{Json(cloud.QueueUrl)},\"MessageBody\":{HostileJson.Encode(messageBody)}}}";
            var problem = await CheckJsonAsync("AmazonSQS.SendMessage", new HostileCase(label, Encoding.UTF8.GetBytes(body)), expectError: true);
            if (problem is not null)
            {
                failures.Add($"json body={label}: {problem}");
            }

            // A lone surrogate cannot travel in a form: its invalid UTF-8 bytes are decoded as U+FFFD, which SQS accepts.
            var form = $"Action=SendMessage&QueueUrl={Uri.EscapeDataString(cloud.QueueUrl)}&MessageBody={PercentEncode(messageBody)}";
            problem = label == "lone-surrogate" ? null : await CheckQueryAsync(Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded", expectError: true);
            if (problem is not null)
            {
                failures.Add($"query body={label}: {problem}");
            }
        }

        Assert.Equal(before, await cloud.SnapshotAsync());
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Invoke_HostileNamesPayloadsAndHeaders_AnswerLambdaErrorAndInvokeNothing()
    {
        var failures = new List<string>();
        cloud.ServerErrors.Clear();
        var count = 0;
        var function = $"/2015-03-31/functions/{BadInputCloudFixture.FunctionName}/invocations";
        var dryRun = new Dictionary<string, string> { ["X-Amz-Invocation-Type"] = "DryRun" };
        foreach (var hostile in HostileJson.Bodies(["Payload"], new Dictionary<string, string>(), 7, RandomCasesPerOperation))
        {
            count++;
            // DryRun: a payload that is valid JSON is answered 204 without running anything; invalid ones must be 400.
            using var response = await TrySendAsync(() => cloud.PostRawAsync(function, hostile.Body, "application/json", dryRun));
            if (await CheckLambdaAsync(response, allowed: [HttpStatusCode.NoContent, HttpStatusCode.BadRequest, HttpStatusCode.RequestEntityTooLarge]) is { } problem)
            {
                failures.Add($"payload case={hostile.Label}: {problem}");
            }
        }

        foreach (var (label, value) in HostileJson.Strings.Where(s => s.Value.Length < 400))
        {
            count++;
            var path = $"/2015-03-31/functions/{PercentEncode(value)}/invocations";
            using var response = await TrySendAsync(() => cloud.PostRawAsync(path, "{}"u8.ToArray(), "application/json", dryRun));
            // An empty name matches no route, and Kestrel refuses a NUL in the path: both are answered before the Lambda API sees them.
            var reachesApi = value.Length > 0 && !value.Contains('\0', StringComparison.Ordinal);
            if (await CheckLambdaAsync(response, allowed: [HttpStatusCode.NotFound, HttpStatusCode.BadRequest], requireShape: reachesApi) is { } problem)
            {
                failures.Add($"name={label}: {problem}");
            }
        }

        foreach (var invocationType in new[] { "Bogus", "event", "requestresponse", "Event,Event", "%00", "DryRun;Event" })
        {
            count++;
            var headers = new Dictionary<string, string> { ["X-Amz-Invocation-Type"] = invocationType };
            using var response = await TrySendAsync(() => cloud.PostRawAsync(function, "{}"u8.ToArray(), "application/json", headers));
            if (await CheckLambdaAsync(response, allowed: [HttpStatusCode.BadRequest]) is { } problem)
            {
                failures.Add($"invocation-type={invocationType}: {problem}");
            }
        }

        count++;
        using (var tooLarge = await TrySendAsync(() => cloud.PostRawAsync(function, Encoding.UTF8.GetBytes($"\"{new string('x', 7 * 1024 * 1024)}\""), "application/json", dryRun)))
        {
            if (await CheckLambdaAsync(tooLarge, allowed: [HttpStatusCode.RequestEntityTooLarge]) is { } problem)
            {
                failures.Add($"payload 7 MiB: {problem}");
            }
        }

        output.WriteLine($"Lambda REST: {count} generated requests");
        using var list = await cloud.Http.GetAsync(cloud.BaseUrl + "/2015-03-31/functions");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(BadInputCloudFixture.FunctionName, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        AssertNoFailures(count, failures);
    }

    [Fact]
    public async Task AddFault_HostileBodies_AnswerClientErrorNeverServerError()
    {
        var failures = new List<string>();
        cloud.ServerErrors.Clear();
        var count = 0;
        foreach (var path in new[] { "/_local/faults/lambda/charge", "/_local/faults/dynamodb/Orders", "/_local/faults/state/ChargePayment", "/_local/chaos" })
        {
            foreach (var hostile in HostileJson.Bodies(["kind", "times", "errorType", "errorMessage", "operation", "seed", "rate"], new Dictionary<string, string>(), 11, RandomCasesPerOperation))
            {
                count++;
                using var response = await TrySendAsync(() => cloud.PostRawAsync(path, hostile.Body, "application/json"));
                if (response is null)
                {
                    failures.Add($"{path} case={hostile.Label}: connection dropped");
                }
                else if ((int)response.StatusCode >= 500)
                {
                    var escaped = cloud.ServerErrors.TryDequeue(out var error) ? $" [{error}]" : string.Empty;
                    failures.Add($"{path} case={hostile.Label}: HTTP {(int)response.StatusCode} {Snippet(await response.Content.ReadAsStringAsync())}{escaped}");
                }
            }
        }

        output.WriteLine($"fault endpoints: {count} generated bodies");
        using var clear = await cloud.Http.DeleteAsync(cloud.BaseUrl + "/_local/faults");
        Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        using var calm = await cloud.Http.DeleteAsync(cloud.BaseUrl + "/_local/chaos");
        Assert.True(calm.IsSuccessStatusCode, $"DELETE /_local/chaos answered {(int)calm.StatusCode}");
        AssertNoFailures(count, failures);
    }

    private static void AssertNoFailures(int count, List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} cases failed:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(MaxReportedFailures))}");

    /// <summary>
    /// Sends each generated case through <paramref name="check"/>: a case fails when the check reports a problem or when
    /// the cloud's state is not what it was before the case (what escaped as a server error is added to the problem).
    /// </summary>
    private async Task<(int Count, List<string> Failures)> CheckEachAsync<T>(IEnumerable<T> cases, Func<T, string> label, Func<T, Task<string?>> check)
    {
        var failures = new List<string>();
        cloud.ServerErrors.Clear();
        var count = 0;
        var before = await cloud.SnapshotAsync();
        foreach (var hostile in cases)
        {
            count++;
            var problem = await check(hostile);
            var after = await cloud.SnapshotAsync();
            if (after != before)
            {
                problem = (problem is null ? string.Empty : problem + "; ") + $"state changed:{Environment.NewLine}{Diff(before, after)}";
                before = after;
            }

            if (problem is not null)
            {
                problem += cloud.ServerErrors.TryDequeue(out var escaped) ? $" [{escaped}]" : string.Empty;
                failures.Add($"{label(hostile)}: {problem}");
            }
        }

        return (count, failures);
    }

    private static IEnumerable<(string Label, byte[] Body, string ContentType)> HostileForms(string action, string[] members, int seed)
    {
        const string form = "application/x-www-form-urlencoded";
        var prefix = $"Action={action}&Version=2012-11-05";
        foreach (var member in members)
        {
            foreach (var (label, value) in HostileJson.Strings)
            {
                yield return ($"{member}={label}", Encoding.ASCII.GetBytes($"{prefix}&{member}={PercentEncode(value)}"), form);
            }

            yield return ($"{member}.1={member}.1", Encoding.ASCII.GetBytes($"{prefix}&{member}.1=%ED%A0%80&{member}.2.Name=&{member}.-1=x&{member}.99999999999=y"), form);
        }

        foreach (var (label, value) in HostileJson.Strings.Where(s => s.Value.Length < 1_000))
        {
            yield return ($"Action={label}", Encoding.ASCII.GetBytes($"Action={PercentEncode(value)}&Version=2012-11-05"), form);
        }

        yield return ("percent-broken", Encoding.ASCII.GetBytes($"{prefix}&QueueUrl=%zz%&%=%"), form);
        yield return ("only-separators", "&&&==&="u8.ToArray(), form);
        yield return ("no-action", "QueueUrl=x&Version=2012-11-05"u8.ToArray(), form);
        yield return ("empty-action", "Action=&Action="u8.ToArray(), form);
        yield return ("repeated-action", Encoding.ASCII.GetBytes($"{prefix}&Action=PurgeQueue"), form);
        yield return ("batch-entries-broken", Encoding.ASCII.GetBytes($"{prefix}&{action}RequestEntry.1.Id=%00&{action}RequestEntry.1.ReceiptHandle=&{action}RequestEntry.2.MessageBody=x"), form);
        yield return ("attributes-broken", Encoding.ASCII.GetBytes($"{prefix}&Attribute.1.Name=VisibilityTimeout&Attribute.1.Value=-5&Attribute.2.Name=RedrivePolicy&Attribute.2.Value=%7B"), form);
        yield return ("too-many-fields", Encoding.ASCII.GetBytes(prefix + string.Concat(Enumerable.Range(0, 2_000).Select(i => $"&f{i}=v"))), form);
        yield return ("key-5000", Encoding.ASCII.GetBytes($"{prefix}&{new string('k', 5_000)}=v"), form);
        yield return ("value-5MiB", Encoding.ASCII.GetBytes($"{prefix}&QueueUrl={new string('v', 5 * 1024 * 1024)}"), form);
        yield return ("invalid-utf8-raw", [.. Encoding.ASCII.GetBytes(prefix + "&QueueName="), 0xFF, 0xFE, 0xC0], form);
        yield return ("multipart-no-boundary", Encoding.ASCII.GetBytes(prefix), "multipart/form-data");
        yield return ("multipart-broken", "--b\r\nContent-Disposition: form-data; name=\"Action\"\r\n\r\nListQueues"u8.ToArray(), "multipart/form-data; boundary=b");
        yield return ("form-charset-bogus", Encoding.ASCII.GetBytes(prefix), "application/x-www-form-urlencoded; charset=bogus-42");
        var random = new Random(seed);
        for (var i = 0; i < RandomCasesPerOperation; i++)
        {
            var bytes = new byte[random.Next(1, 200)];
            random.NextBytes(bytes);
            yield return ($"random-{i}-bytes", random.Next(2) == 0 ? bytes : [.. Encoding.ASCII.GetBytes(prefix + "&"), .. bytes], form);
        }
    }

    private async Task<string?> CheckJsonAsync(string target, HostileCase hostile, bool expectError = false) =>
        await CheckJsonResponseAsync(() => cloud.SendAsync(target, hostile.Body), target.StartsWith("AmazonSQS.", StringComparison.Ordinal), expectError);

    private static async Task<string?> CheckJsonResponseAsync(Func<Task<HttpResponseMessage>> send, bool sqsJson, bool expectError = false)
    {
        using var response = await TrySendAsync(send);
        if (response is null)
        {
            return "connection dropped";
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500 || status < 200 || status is >= 300 and < 400)
        {
            return $"HTTP {status} {Snippet(text)}";
        }

        if (expectError && status < 400)
        {
            return $"accepted with HTTP {status} {Snippet(text)}";
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return $"HTTP {status} body is not JSON: {Snippet(text)}";
        }

        if (status >= 400)
        {
            if (body is not JsonObject error
                || error["__type"]?.GetValueKind() != JsonValueKind.String
                || error["message"]?.GetValueKind() != JsonValueKind.String
                || string.IsNullOrEmpty(error["__type"]!.GetValue<string>()))
            {
                return $"HTTP {status} error body is not {{\"__type\", \"message\"}}: {Snippet(text)}";
            }

            if (sqsJson && !response.Headers.Contains("x-amzn-query-error"))
            {
                return $"HTTP {status} SQS JSON error without x-amzn-query-error: {Snippet(text)}";
            }
        }

        return null;
    }

    private async Task<string?> CheckQueryAsync(byte[] body, string contentType, bool expectError = false)
    {
        using var response = await TrySendAsync(() => cloud.PostRawAsync("/", body, contentType));
        if (response is null)
        {
            return "connection dropped";
        }

        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500 || status < 200 || status is >= 300 and < 400 || (expectError && status < 400))
        {
            return $"HTTP {status} {Snippet(text)}";
        }

        if (!contentType.Contains("x-www-form-urlencoded", StringComparison.Ordinal) && !contentType.StartsWith("multipart/form-data", StringComparison.Ordinal))
        {
            return null;
        }

        XDocument xml;
        try
        {
            xml = XDocument.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            // Not a form the router recognizes as SQS (e.g. a multipart body without boundary): then a JSON error is AWS's answer.
            return status >= 400 && contentType.StartsWith("multipart", StringComparison.Ordinal) && text.Contains("\"__type\"", StringComparison.Ordinal)
                ? null
                : $"HTTP {status} body is not XML: {Snippet(text)}";
        }

        if (status >= 400)
        {
            var code = xml.Root?.Name.LocalName == "ErrorResponse"
                ? xml.Root.Elements().FirstOrDefault(e => e.Name.LocalName == "Error")?.Elements().FirstOrDefault(e => e.Name.LocalName == "Code")?.Value
                : null;
            if (string.IsNullOrEmpty(code))
            {
                return $"HTTP {status} error is not <ErrorResponse><Error><Code>: {Snippet(text)}";
            }
        }

        return null;
    }

    private static async Task<string?> CheckLambdaAsync(HttpResponseMessage? response, HttpStatusCode[] allowed, bool requireShape = true)
    {
        if (response is null)
        {
            return "connection dropped";
        }

        var text = await response.Content.ReadAsStringAsync();
        if (!allowed.Contains(response.StatusCode))
        {
            return $"HTTP {(int)response.StatusCode} {Snippet(text)}";
        }

        if ((int)response.StatusCode >= 400 && requireShape)
        {
            var hasType = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) && types.Any(t => t.Length > 0);
            var message = text.Length > 0 ? JsonNode.Parse(text) as JsonObject : null;
            if (!hasType || message?["Message"]?.GetValueKind() != JsonValueKind.String)
            {
                return $"HTTP {(int)response.StatusCode} without x-amzn-ErrorType and {{\"Message\"}}: {Snippet(text)}";
            }
        }

        return null;
    }

    private async Task AssertStillServesAsync(string target)
    {
        var (wellFormed, expected) = target.Split('.')[0] switch
        {
            "AWSStepFunctions" => ("AWSStepFunctions.ListStateMachines", BadInputCloudFixture.MachineName),
            "AWSEvents" => ("AWSEvents.ListRules", BadInputCloudFixture.RuleName),
            _ => ("AmazonSQS.ListQueues", BadInputCloudFixture.QueueName),
        };
        using var response = await cloud.SendAsync(wellFormed, "{}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage?> TrySendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            return await send();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string PercentEncode(string value)
    {
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                text.Append(Uri.EscapeDataString(value.AsSpan(i++, 2)));
            }
            else if (char.IsSurrogate(value[i]))
            {
                // A lone surrogate has no UTF-8 form: send its CESU-8 bytes, which are invalid UTF-8.
                text.Append(char.IsHighSurrogate(value[i]) ? "%ED%A0%80" : "%ED%B0%80");
            }
            else
            {
                text.Append(Uri.EscapeDataString(value[i].ToString()));
            }
        }

        return text.ToString();
    }

    private static string Json(string value) => HostileJson.Encode(value);

    private static string Snippet(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static string Diff(string before, string after)
    {
        var old = before.Split(Environment.NewLine);
        var now = after.Split(Environment.NewLine);
        return string.Join(Environment.NewLine, old.Except(now).Select(l => "- " + Snippet(l)).Concat(now.Except(old).Select(l => "+ " + Snippet(l))));
    }
}
