using System.Text.Json.Nodes;
using OrderSaga.Local.EventBridge;

namespace OrderSaga.Local.Tests.EventBridge;

public sealed class EventBridgeRetryTests : IDisposable
{
    private readonly EventBridgeHarness h = new();

    public void Dispose() => h.Dispose();

    [Fact]
    public async Task PutEvents_LambdaKeepsFailing_RetriesThenDeadLettersWithAttributes()
    {
        var dlq = h.Sqs.CreateQueue("events-dlq");
        var function = EventBridgeHarness.FunctionArn("flaky");
        h.Lambda.AlwaysFail = LambdaDeliveryResult.Failed("ServiceException", "The function service is unavailable.");
        await h.AddRuleAsync("retrying", $$$"""
            [{"Id":"fn","Arn":"{{{function}}}","RetryPolicy":{"MaximumRetryAttempts":2,"MaximumEventAgeInSeconds":3600},"DeadLetterConfig":{"Arn":"{{{dlq.Arn}}}"}}]
            """);

        var response = await h.PutOrderAsync("ORD-20");
        await h.IdleAsync();

        Assert.Equal(3, h.Lambda.Invocations.Count);
        var message = Assert.Single(dlq.Peek());
        Assert.Equal(response["Entries"]![0]!["EventId"]!.GetValue<string>(), JsonNode.Parse(message.Body)!["id"]!.GetValue<string>());
        Assert.Equal("arn:aws:events:us-east-1:111111111111:rule/retrying", message.MessageAttributes["RULE_ARN"]);
        Assert.Equal(function, message.MessageAttributes["TARGET_ARN"]);
        Assert.Equal("SDK_CLIENT_ERROR", message.MessageAttributes["ERROR_CODE"]);
        Assert.Contains("ServiceException", message.MessageAttributes["ERROR_MESSAGE"], StringComparison.Ordinal);
        Assert.Equal("2", message.MessageAttributes["RETRY_ATTEMPTS"]);
        Assert.Equal("MaximumRetryAttempts", message.MessageAttributes["EXHAUSTED_RETRY_CONDITION"]);
        Assert.True(h.Time.GetUtcNow() > EventBridgeHarness.Start, "the backoff waits ran on the virtual clock");
        var metrics = h.Service.Metrics;
        Assert.Equal((2L, 1L, 1L, 0L), (metrics.Retries, metrics.Failed, metrics.DeadLettered, metrics.Delivered));
        Assert.Equal(DeliveryFailureOutcome.DeadLettered, Assert.Single(h.Service.Failures).Outcome);
    }

    [Fact]
    public async Task PutEvents_LambdaThrottledOnce_DeliveredOnRetry()
    {
        var function = EventBridgeHarness.FunctionArn("busy");
        h.Lambda.FailNext(LambdaDeliveryResult.Failed("TooManyRequestsException", "Rate exceeded"));
        await h.AddRuleAsync("throttled", $$$"""[{"Id":"fn","Arn":"{{{function}}}"}]""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Equal(2, h.Lambda.Invocations.Count);
        Assert.Empty(h.Service.Failures);
        Assert.Equal((1L, 1L), (h.Service.Metrics.Delivered, h.Service.Metrics.Retries));
    }

    [Fact]
    public async Task PutEvents_FunctionNotFound_DeadLetteredWithoutRetry()
    {
        var dlq = h.Sqs.CreateQueue("missing-dlq");
        h.Lambda.AlwaysFail = LambdaDeliveryResult.FunctionNotFound("ghost");
        await h.AddRuleAsync("ghost", $$$"""[{"Id":"fn","Arn":"{{{EventBridgeHarness.FunctionArn("ghost")}}}","DeadLetterConfig":{"Arn":"{{{dlq.Arn}}}"}}]""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Single(h.Lambda.Invocations);
        var message = Assert.Single(dlq.Peek());
        Assert.Equal("NO_RESOURCE", message.MessageAttributes["ERROR_CODE"]);
        Assert.Equal("0", message.MessageAttributes["RETRY_ATTEMPTS"]);
        Assert.False(message.MessageAttributes.ContainsKey("EXHAUSTED_RETRY_CONDITION"));
    }

    [Fact]
    public async Task PutEvents_MissingQueueWithoutDlq_RecordedAsDropped()
    {
        await h.AddRuleAsync("to-nowhere", """[{"Id":"q","Arn":"arn:aws:sqs:us-east-1:111111111111:not-there"}]""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        var failure = Assert.Single(h.Service.Failures);
        Assert.Equal((DeliveryFailureOutcome.Dropped, "NO_RESOURCE", "q"), (failure.Outcome, failure.ErrorCode, failure.TargetId));
        Assert.Equal(1, h.Service.Metrics.Dropped);
    }

    [Fact]
    public async Task PutEvents_EventAgeRunsOut_StopsWithMaximumEventAgeCondition()
    {
        var dlq = h.Sqs.CreateQueue("aged-dlq");
        h.Lambda.AlwaysFail = LambdaDeliveryResult.Failed("ServiceException", "down");
        await h.AddRuleAsync("aged", $$$"""
            [{"Id":"fn","Arn":"{{{EventBridgeHarness.FunctionArn("down")}}}","RetryPolicy":{"MaximumRetryAttempts":185,"MaximumEventAgeInSeconds":60},"DeadLetterConfig":{"Arn":"{{{dlq.Arn}}}"}}]
            """);

        await h.PutOrderAsync();
        await h.IdleAsync();

        var message = Assert.Single(dlq.Peek());
        Assert.Equal("MaximumEventAgeInSeconds", message.MessageAttributes["EXHAUSTED_RETRY_CONDITION"]);
        var retries = int.Parse(message.MessageAttributes["RETRY_ATTEMPTS"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retries, 1, 10);
        Assert.Equal(retries + 1, h.Lambda.Invocations.Count);
        Assert.True(h.Time.GetUtcNow() - EventBridgeHarness.Start <= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task PutEvents_DeadLetterQueueMissing_RecordedAsDeadLetterFailed()
    {
        h.Lambda.AlwaysFail = LambdaDeliveryResult.FunctionNotFound("ghost");
        await h.AddRuleAsync("bad-dlq", $$$"""[{"Id":"fn","Arn":"{{{EventBridgeHarness.FunctionArn("ghost")}}}","DeadLetterConfig":{"Arn":"arn:aws:sqs:us-east-1:111111111111:no-dlq"}}]""");

        await h.PutOrderAsync();
        await h.IdleAsync();

        var failure = Assert.Single(h.Service.Failures);
        Assert.Equal(DeliveryFailureOutcome.DeadLetterFailed, failure.Outcome);
        Assert.Contains("no-dlq", failure.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutEvents_ZeroRetriesAllowed_DeadLettersAfterFirstAttempt()
    {
        var dlq = h.Sqs.CreateQueue("no-retry-dlq");
        h.Lambda.AlwaysFail = LambdaDeliveryResult.Failed("TooManyRequestsException", "Rate exceeded");
        await h.AddRuleAsync("no-retry", $$$"""
            [{"Id":"fn","Arn":"{{{EventBridgeHarness.FunctionArn("busy")}}}","RetryPolicy":{"MaximumRetryAttempts":0,"MaximumEventAgeInSeconds":60},"DeadLetterConfig":{"Arn":"{{{dlq.Arn}}}"}}]
            """);

        await h.PutOrderAsync();
        await h.IdleAsync();

        Assert.Single(h.Lambda.Invocations);
        var message = Assert.Single(dlq.Peek());
        Assert.Equal(("THROTTLING", "0", "MaximumRetryAttempts"), (
            message.MessageAttributes["ERROR_CODE"], message.MessageAttributes["RETRY_ATTEMPTS"], message.MessageAttributes["EXHAUSTED_RETRY_CONDITION"]));
        Assert.Equal(EventBridgeHarness.Start, h.Time.GetUtcNow());
    }
}
