using System.Diagnostics.CodeAnalysis;
using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Events.Targets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SQS;
using Constructs;
using OrderSaga.Contracts;
using OrderSaga.Workflow;
using AssetOptions = Amazon.CDK.AWS.S3.Assets.AssetOptions;
using Attribute = Amazon.CDK.AWS.DynamoDB.Attribute;
using EventBus = Amazon.CDK.AWS.Events.EventBus;
using EventBusProps = Amazon.CDK.AWS.Events.EventBusProps;
using LogGroupProps = Amazon.CDK.AWS.Logs.LogGroupProps;
using Match = Amazon.CDK.AWS.Events.Match;
using TableAttributes = OrderSaga.Contracts.TableAttributes;

namespace OrderSaga.Infrastructure;

/// <summary>
/// Everything the saga needs: the bus and its rules, the state machine, the three functions, the tables, the
/// queues that catch what must not be dropped, and the alarms and dashboard that watch them.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "CDK names stacks ...Stack; the CloudFormation stack is OrderSagaStack too.")]
public sealed class OrderSagaStack : Stack
{
    private const int CancellationRatePercent = 50;
    private const int CancellationRateMinimumStarted = 20;
    private static readonly Duration FunctionTimeout = Duration.Seconds(30);

    public OrderSagaStack(Construct scope, string id, OrderSagaStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(props);
        var servicesDirectory = Path.Combine(props.RepositoryRoot, "services");
        if (!Directory.Exists(servicesDirectory))
        {
            throw new ArgumentException($"OrderSagaStackProps.RepositoryRoot: no services folder at {servicesDirectory}; run cdk from the repository root");
        }

        if (string.IsNullOrWhiteSpace(props.BusName))
        {
            throw new ArgumentException("OrderSagaStackProps.BusName (context 'busName') must not be empty");
        }

        var ordersTable = NewTable("OrdersTable", TableAttributes.Orders.OrderId);
        var inventoryTable = NewTable("InventoryTable", TableAttributes.Inventory.Sku);
        var paymentsTable = NewTable("PaymentsTable", TableAttributes.Payments.OrderId);
        var notificationsTable = NewTable("NotificationsTable", TableAttributes.Notifications.OrderId, TableAttributes.Notifications.Kind);

        var bus = new EventBus(this, "EventBus", new EventBusProps { EventBusName = props.BusName });
        bus.Archive("EventArchive", new BaseArchiveProps
        {
            Description = "Every OrderSaga event, for replay",
            EventPattern = new EventPattern { Source = Match.Prefix(EventNames.SourcePrefix) },
            Retention = Duration.Days(30),
        });

        var inventoryFunction = NewFunction("InventoryFunction", "Inventory", servicesDirectory, EnvironmentVariables.InventoryTable, inventoryTable);
        var paymentFunction = NewFunction("PaymentFunction", "Payment", servicesDirectory, EnvironmentVariables.PaymentsTable, paymentsTable);
        var notificationFunction = NewFunction("NotificationFunction", "Notification", servicesDirectory, EnvironmentVariables.NotificationsTable, notificationsTable);

        var workflow = new OrderSagaWorkflow(this, "OrderSaga", new OrderSagaWorkflowProps
        {
            InventoryFunction = inventoryFunction,
            PaymentFunction = paymentFunction,
            NotificationFunction = notificationFunction,
            OrdersTable = ordersTable,
            EventBus = bus,
        });
        var stateMachine = workflow.StateMachine;

        var deadLetterQueue = NewQueue("OrderCreatedDeadLetterQueue");
        var rejectedOrdersQueue = NewQueue("RejectedOrdersQueue");
        var alertsQueue = NewQueue("AlertsQueue");

        _ = new Rule(this, "OrderCreatedRule", new RuleProps
        {
            Description = "Starts the saga for each well-formed Order Created event",
            EventBus = bus,
            EventPattern = new EventPattern
            {
                Source = [EventNames.OrdersSource],
                DetailType = [EventNames.OrderCreated],
                Detail = new Dictionary<string, object>
                {
                    [TableAttributes.Orders.OrderId] = Match.Exists(),
                    [TableAttributes.Orders.TotalAmount] = Match.GreaterThan(0),
                },
            },
            Targets =
            [
                new SfnStateMachine(stateMachine, new SfnStateMachineProps
                {
                    DeadLetterQueue = deadLetterQueue,
                    RetryAttempts = 8,
                    MaxEventAge = Duration.Hours(24),
                }),
            ],
        });

        _ = new Rule(this, "MalformedOrderRule", new RuleProps
        {
            Description = "Order Created events the saga rule rejects, kept for a person instead of dropped",
            EventBus = bus,
            EventPattern = new EventPattern
            {
                Source = [EventNames.OrdersSource],
                DetailType = [EventNames.OrderCreated],

                // The complement of the saga rule's content filter: a numeric filter never matches a string or a boolean,
                // so a total sent as "25.00" or true must be caught here too, or it would be dropped silently.
                Detail = new Dictionary<string, object>
                {
                    ["$or"] = new object[]
                    {
                        new Dictionary<string, object> { [TableAttributes.Orders.OrderId] = Match.DoesNotExist() },
                        new Dictionary<string, object> { [TableAttributes.Orders.TotalAmount] = Match.DoesNotExist() },
                        new Dictionary<string, object> { [TableAttributes.Orders.TotalAmount] = Match.LessThanOrEqual(0) },
                        new Dictionary<string, object> { [TableAttributes.Orders.TotalAmount] = Match.Prefix(string.Empty) },
                        new Dictionary<string, object> { [TableAttributes.Orders.TotalAmount] = new object[] { true, false } },
                    },
                },
            },
            Targets = [new SqsQueue(rejectedOrdersQueue)],
        });

        _ = new Rule(this, "CompensationFailedRule", new RuleProps
        {
            Description = "A compensation failed: money or stock needs a person",
            EventBus = bus,
            EventPattern = new EventPattern
            {
                Source = [EventNames.SagaSource],
                DetailType = [EventNames.OrderCompensationFailed],
            },
            Targets = [new SqsQueue(alertsQueue)],
        });

        var auditLogGroup = new LogGroup(this, "AuditLogGroup", new LogGroupProps
        {
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        _ = new Rule(this, "AuditRule", new RuleProps
        {
            Description = "Every OrderSaga event, to the audit log",
            EventBus = bus,
            EventPattern = new EventPattern { Source = Match.Prefix(EventNames.SourcePrefix) },
            Targets = [new LogGroupRuleTarget(auditLogGroup)],
        });
        _ = new ResourcePolicy(this, "AuditLogGroupPolicy", new ResourcePolicyProps
        {
            PolicyStatements =
            [
                new PolicyStatement(new PolicyStatementProps
                {
                    Principals = [new ServicePrincipal("events.amazonaws.com"), new ServicePrincipal("delivery.logs.amazonaws.com")],
                    Actions = ["logs:CreateLogStream", "logs:PutLogEvents"],
                    Resources = [auditLogGroup.LogGroupArn],
                }),
            ],
        });

        var alarms = new List<Alarm>
        {
            QueueAlarm("OrderCreatedDeadLetterAlarm", deadLetterQueue, "Order Created events could not start the saga"),
            QueueAlarm("RejectedOrdersAlarm", rejectedOrdersQueue, "Malformed Order Created events were rejected"),
            QueueAlarm("CompensationFailedAlarm", alertsQueue, "A compensation failed: money or stock needs a person"),
            CancellationRateAlarm(stateMachine),
            CountAlarm("ExecutionsTimedOutAlarm", stateMachine.MetricTimedOut(Sum()), "Saga executions timed out"),
        };
        var functions = new[] { inventoryFunction, paymentFunction, notificationFunction };
        foreach (var function in functions)
        {
            alarms.Add(CountAlarm(function.Node.Id.Replace("Function", "ErrorsAlarm", StringComparison.Ordinal), function.MetricErrors(Sum()), $"{function.Node.Id} reported errors"));
        }

        _ = new Dashboard(this, "Dashboard", new DashboardProps
        {
            Widgets =
            [
                [
                    new GraphWidget(new GraphWidgetProps
                    {
                        Title = "Saga executions",
                        Left = [stateMachine.MetricStarted(Sum()), stateMachine.MetricSucceeded(Sum()), stateMachine.MetricFailed(Sum()), stateMachine.MetricTimedOut(Sum())],
                        Width = 12,
                    }),
                    new GraphWidget(new GraphWidgetProps
                    {
                        Title = "Queues (messages waiting)",
                        Left = [.. new[] { deadLetterQueue, rejectedOrdersQueue, alertsQueue }.Select(q => q.MetricApproximateNumberOfMessagesVisible())],
                        Width = 12,
                    }),
                ],
                [
                    new GraphWidget(new GraphWidgetProps { Title = "Function invocations", Left = [.. functions.Select(f => f.MetricInvocations(Sum()))], Width = 8 }),
                    new GraphWidget(new GraphWidgetProps { Title = "Function errors", Left = [.. functions.Select(f => f.MetricErrors(Sum()))], Width = 8 }),
                    new GraphWidget(new GraphWidgetProps { Title = "Function duration (p99)", Left = [.. functions.Select(f => f.MetricDuration(new MetricOptions { Statistic = "p99" }))], Width = 8 }),
                ],
                [new AlarmStatusWidget(new AlarmStatusWidgetProps { Title = "Alarms", Alarms = [.. alarms], Width = 24 })],
            ],
        });

        Output("EventBusName", bus.EventBusName, "The bus to send Order Created events to");
        Output("EventBusArn", bus.EventBusArn, "The bus's ARN");
        Output("StateMachineArn", stateMachine.StateMachineArn, "The saga's state machine");
        Output("OrdersTableName", ordersTable.TableName, "Orders and their status");
        Output("InventoryTableName", inventoryTable.TableName, "Stock per SKU");
        Output("PaymentsTableName", paymentsTable.TableName, "Charges and refunds");
        Output("NotificationsTableName", notificationsTable.TableName, "The notification outbox");
        Output("OrderCreatedDeadLetterQueueUrl", deadLetterQueue.QueueUrl, "Order Created events that could not start the saga");
        Output("RejectedOrdersQueueUrl", rejectedOrdersQueue.QueueUrl, "Malformed Order Created events");
        Output("AlertsQueueUrl", alertsQueue.QueueUrl, "Order Compensation Failed events");
    }

    private Table NewTable(string id, string partitionKey, string? sortKey = null) => new(this, id, new TableProps
    {
        PartitionKey = new Attribute { Name = partitionKey, Type = AttributeType.STRING },
        SortKey = sortKey is null ? null : new Attribute { Name = sortKey, Type = AttributeType.STRING },
        BillingMode = BillingMode.PAY_PER_REQUEST,
        PointInTimeRecovery = true,

        // Orders, stock and money are records: deleting the stack must not delete them.
        RemovalPolicy = RemovalPolicy.RETAIN,
    });

    private Function NewFunction(string id, string service, string servicesDirectory, string tableVariable, Table table)
    {
        var project = Path.Combine(servicesDirectory, $"OrderSaga.{service}");
        var function = new Function(this, id, new FunctionProps
        {
            Description = $"OrderSaga {service} service",
            Runtime = Runtime.DOTNET_8,
            Handler = $"OrderSaga.{service}::OrderSaga.{service}.Function::HandleAsync",
            Code = Code.FromAsset(project, new AssetOptions
            {
                // The package is what publish produced, and that depends on Contracts too, not only this folder.
                AssetHashType = AssetHashType.OUTPUT,
                Exclude = ["bin", "obj"],
                Bundling = new BundlingOptions
                {
                    // Never pulled: local bundling always succeeds or throws, but CDK requires an image.
                    Image = DockerImage.FromRegistry("unused"),
                    Local = new DotnetPublishBundling(project),
                },
            }),
            MemorySize = 512,
            Timeout = FunctionTimeout,
            Tracing = Tracing.ACTIVE,
            Environment = new Dictionary<string, string> { [tableVariable] = table.TableName },
            LogGroup = new LogGroup(this, id + "Logs", new LogGroupProps
            {
                Retention = RetentionDays.ONE_MONTH,
                RemovalPolicy = RemovalPolicy.DESTROY,
            }),
        });
        table.GrantReadWriteData(function);
        return function;
    }

    private Queue NewQueue(string id) => new(this, id, new QueueProps
    {
        Encryption = QueueEncryption.SQS_MANAGED,
        RetentionPeriod = Duration.Days(14),
        EnforceSSL = true,
    });

    /// <summary>
    /// A cancelled order ends in a Fail state, so ExecutionsFailed counts every declined card: alarming on one would page
    /// for business as usual. What needs a person is a failed compensation (the alerts queue) or cancellations becoming
    /// the rule — a payment provider or the stock feed in trouble — which this ratio catches, once there is traffic.
    /// </summary>
    private Alarm CancellationRateAlarm(Amazon.CDK.AWS.StepFunctions.StateMachine stateMachine) => new MathExpression(new MathExpressionProps
    {
        Expression = $"IF(started >= {CancellationRateMinimumStarted}, 100 * failed / started, 0)",
        UsingMetrics = new Dictionary<string, IMetric>
        {
            ["failed"] = stateMachine.MetricFailed(Sum()),
            ["started"] = stateMachine.MetricStarted(Sum()),
        },
        Label = "Saga executions failed, % of started",
        Period = Duration.Minutes(5),
    }).CreateAlarm(this, "CancellationRateAlarm", new CreateAlarmOptions
    {
        AlarmDescription = $"Over {CancellationRatePercent} % of saga executions failed or were cancelled for 15 minutes (with at least {CancellationRateMinimumStarted} started per 5 minutes)",
        Threshold = CancellationRatePercent,
        EvaluationPeriods = 3,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
        TreatMissingData = TreatMissingData.NOT_BREACHING,
    });

    private Alarm QueueAlarm(string id, Queue queue, string description) =>
        CountAlarm(id, queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Statistic = "Maximum", Period = Duration.Minutes(1) }), description);

    private Alarm CountAlarm(string id, Metric metric, string description) => metric.CreateAlarm(this, id, new CreateAlarmOptions
    {
        AlarmDescription = description,
        Threshold = 1,
        EvaluationPeriods = 1,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        TreatMissingData = TreatMissingData.NOT_BREACHING,
    });

    private void Output(string id, string value, string description) =>
        _ = new CfnOutput(this, id, new CfnOutputProps { Value = value, Description = description });

    private static MetricOptions Sum() => new() { Statistic = "Sum", Period = Duration.Minutes(1) };
}
