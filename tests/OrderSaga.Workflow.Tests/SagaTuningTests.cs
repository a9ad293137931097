using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Lambda;

namespace OrderSaga.Workflow.Tests;

public sealed class SagaTuningTests
{
    [Fact]
    public void WorstCaseTotalDelay_CappedBackoff_SumsEachCappedWait()
    {
        var policy = new RetryPolicy(MaxAttempts: 4, Interval: TimeSpan.FromSeconds(2), BackoffRate: 3, MaxDelay: TimeSpan.FromSeconds(10));

        // 2 + 6 + min(18, 10) + min(54, 10)
        Assert.Equal(TimeSpan.FromSeconds(28), policy.WorstCaseTotalDelay);
    }

    [Fact]
    public void Default_Compensation_GivesUpLaterThanForward()
    {
        Assert.True(SagaTuning.Default.Compensation.WorstCaseTotalDelay > SagaTuning.Default.Forward.WorstCaseTotalDelay);
    }

    [Theory]
    [InlineData(-1, 1, 2, 10, "Forward.MaxAttempts")]
    [InlineData(3, 1, 0.5, 10, "Forward.BackoffRate")]
    [InlineData(3, 0, 2, 10, "Forward.Interval")]
    [InlineData(3, 1.5, 2, 10, "Forward.Interval")]
    [InlineData(3, 20, 2, 10, "Forward.MaxDelay")]
    public void Constructor_InvalidForwardPolicy_ThrowsNamingTheSetting(int attempts, double intervalSeconds, double backoff, double maxDelaySeconds, string setting)
    {
        var tuning = SagaTuning.Default with
        {
            Forward = new RetryPolicy(attempts, TimeSpan.FromSeconds(intervalSeconds), backoff, TimeSpan.FromSeconds(maxDelaySeconds)),
        };

        var error = Assert.Throws<ArgumentException>(() => Build(tuning));

        Assert.Contains($"SagaTuning.{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ZeroTaskTimeout_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => Build(SagaTuning.Default with { LambdaTaskTimeout = TimeSpan.Zero }));

        Assert.Contains("SagaTuning.LambdaTaskTimeout", error.Message, StringComparison.Ordinal);
    }

    private static void Build(SagaTuning tuning)
    {
        var stack = new Stack(new App(), "TuningTestStack");
        _ = new OrderSagaWorkflow(stack, "OrderSaga", new OrderSagaWorkflowProps
        {
            InventoryFunction = Function.FromFunctionArn(stack, "Inventory", "arn:aws:lambda:eu-west-1:111111111111:function:inventory"),
            PaymentFunction = Function.FromFunctionArn(stack, "Payment", "arn:aws:lambda:eu-west-1:111111111111:function:payment"),
            NotificationFunction = Function.FromFunctionArn(stack, "Notification", "arn:aws:lambda:eu-west-1:111111111111:function:notification"),
            OrdersTable = Table.FromTableName(stack, "Orders", "orders"),
            EventBus = EventBus.FromEventBusName(stack, "Bus", "order-saga"),
            Tuning = tuning,
        });
    }
}
