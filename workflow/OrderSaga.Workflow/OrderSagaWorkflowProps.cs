using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;

namespace OrderSaga.Workflow;

/// <summary>What the saga works with. The workflow knows the services only as functions: it references no service code.</summary>
public sealed class OrderSagaWorkflowProps
{
    public required IFunction InventoryFunction { get; init; }

    public required IFunction PaymentFunction { get; init; }

    public required IFunction NotificationFunction { get; init; }

    public required ITable OrdersTable { get; init; }

    /// <summary>Where the saga publishes Order Confirmed / Cancelled / Compensation Failed.</summary>
    public required IEventBus EventBus { get; init; }

    /// <summary>Execution log destination; the construct creates one when not given.</summary>
    public ILogGroup? LogGroup { get; init; }

    public SagaTuning Tuning { get; init; } = SagaTuning.Default;
}
