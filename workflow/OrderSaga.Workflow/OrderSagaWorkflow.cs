using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.StepFunctions;
using Amazon.CDK.AWS.StepFunctions.Tasks;
using Constructs;
using OrderSaga.Contracts;
using SfnTimeout = Amazon.CDK.AWS.StepFunctions.Timeout;

namespace OrderSaga.Workflow;

/// <summary>
/// The order saga as a Standard state machine: record the order, reserve stock, charge, confirm, notify, publish;
/// on any failure, compensate in reverse order (refund, release, cancel) and end visibly.
/// </summary>
public sealed class OrderSagaWorkflow : Construct
{
    private readonly OrderSagaWorkflowProps props;

    public OrderSagaWorkflow(Construct scope, string id, OrderSagaWorkflowProps props)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        Validate(props.Tuning);
        this.props = props;

        LogGroup = props.LogGroup ?? new LogGroup(this, "ExecutionLogs", new LogGroupProps
        {
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        StateMachine = new StateMachine(this, "StateMachine", new StateMachineProps
        {
            Comment = "OrderSaga: reserve stock, charge payment, confirm and notify; compensate in reverse order on failure.",
            DefinitionBody = DefinitionBody.FromChainable(BuildDefinition()),
            StateMachineType = StateMachineType.STANDARD,
            Timeout = Seconds(props.Tuning.StateMachineTimeout),
            TracingEnabled = true,
            Logs = new LogOptions { Destination = LogGroup, Level = LogLevel.ALL, IncludeExecutionData = true },
        });
    }

    public StateMachine StateMachine { get; }

    public ILogGroup LogGroup { get; }

    private SagaTuning Tuning => props.Tuning;

    private DynamoPutItem BuildDefinition()
    {
        var orderConfirmed = new Succeed(this, SagaStates.OrderConfirmed);
        var orderAlreadyRecorded = new Succeed(this, SagaStates.OrderAlreadyRecorded, new SucceedProps
        {
            Comment = "A duplicate delivery of the same Order Created event: the first execution owns the order.",
        });
        var orderCancelled = new Fail(this, SagaStates.OrderCancelled, new FailProps
        {
            Error = ErrorNames.OrderCancelled,
            CausePath = JsonPath.StringAt(SagaData.CancellationReason),
        });
        var compensationFailed = new Fail(this, SagaStates.CompensationFailed, new FailProps
        {
            Comment = "Money or stock may be wrong: the alerts queue and an alarm call a person.",
            Error = ErrorNames.CompensationFailed,
            CausePath = JsonPath.JsonToString(ObjectAt(SagaData.CompensationError)),
        });

        var publishCompensationFailed = Publish(
            SagaStates.PublishCompensationFailed,
            EventNames.OrderCompensationFailed,
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(OrderCompensationFailedDetail.OrderId))] = OrderField(nameof(OrderCreated.OrderId)),
                [JsonNames.Of(nameof(OrderCompensationFailedDetail.Error))] = JsonPath.StringAt(SagaData.CompensationErrorName),

                // The whole error object: a caught error's Cause is not guaranteed to be present.
                [JsonNames.Of(nameof(OrderCompensationFailedDetail.Cause))] = JsonPath.JsonToString(ObjectAt(SagaData.CompensationError)),
            },
            Tuning.Compensation);
        publishCompensationFailed.AddCatch(compensationFailed, new CatchProps { ResultPath = SagaData.PublishError });
        publishCompensationFailed.Next(compensationFailed);

        var publishOrderCancelled = Publish(
            SagaStates.PublishOrderCancelled,
            EventNames.OrderCancelled,
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(OrderCancelledDetail.OrderId))] = OrderField(nameof(OrderCreated.OrderId)),
                [JsonNames.Of(nameof(OrderCancelledDetail.CustomerId))] = OrderField(nameof(OrderCreated.CustomerId)),
                [JsonNames.Of(nameof(OrderCancelledDetail.Reason))] = JsonPath.StringAt(SagaData.CancellationReason),
            },
            Tuning.Forward);

        // Everything is already undone; the Fail state that follows ends the execution visibly either way.
        publishOrderCancelled.AddCatch(orderCancelled, new CatchProps { ResultPath = SagaData.PublishError });
        publishOrderCancelled.Next(orderCancelled);

        var notifyCancellation = Notify(SagaStates.NotifyCancellation, NotificationKinds.Cancelled, JsonPath.StringAt(SagaData.CancellationReason));
        notifyCancellation.AddCatch(publishOrderCancelled, new CatchProps { ResultPath = SagaData.NotificationError });
        notifyCancellation.Next(publishOrderCancelled);

        var cancelOrder = CancelOrder();
        cancelOrder.AddCatch(publishCompensationFailed, new CatchProps { ResultPath = SagaData.CompensationError });
        cancelOrder.Next(notifyCancellation);

        var releaseInventory = InvokeInventory(SagaStates.ReleaseInventory, InventoryActions.Release, SagaData.Release, Tuning.Compensation);
        releaseInventory.AddCatch(publishCompensationFailed, new CatchProps { ResultPath = SagaData.CompensationError });
        releaseInventory.Next(cancelOrder);

        var refundPayment = InvokePayment(SagaStates.RefundPayment, PaymentActions.Refund, SagaData.Refund, Tuning.Compensation);
        refundPayment.AddCatch(publishCompensationFailed, new CatchProps { ResultPath = SagaData.CompensationError });
        refundPayment.Next(releaseInventory);

        var recordOrderFailed = StepFailed(SagaStates.RecordOrderFailed, SagaStates.RecordOrder).Next(cancelOrder);
        var reserveInventoryFailed = StepFailed(SagaStates.ReserveInventoryFailed, SagaStates.ReserveInventory).Next(releaseInventory);

        // The Choice's default: whatever is not a reservation must not be charged.
        var outOfStock = Cancellation(SagaStates.OutOfStock, CancellationReasons.OutOfStock, SagaStates.ReserveInventory, new Dictionary<string, object>
        {
            [JsonNames.Of(nameof(InventoryResponse.UnavailableSkus))] = JsonPath.ListAt(SagaData.Reservation + "." + JsonNames.Of(nameof(InventoryResponse.UnavailableSkus))),
        }).Next(releaseInventory);

        // A charge that did not happen has nothing to refund: only the reservation is undone.
        var paymentDeclined = Cancellation(SagaStates.PaymentDeclined, CancellationReasons.PaymentDeclined, SagaStates.ChargePayment, new Dictionary<string, object>())
            .Next(releaseInventory);

        // The charge may have gone through before the error (a timeout, a lost response): refund to be sure.
        var chargePaymentFailed = StepFailed(SagaStates.ChargePaymentFailed, SagaStates.ChargePayment).Next(refundPayment);
        var confirmOrderFailed = StepFailed(SagaStates.ConfirmOrderFailed, SagaStates.ConfirmOrder).Next(refundPayment);

        var publishOrderConfirmed = Publish(
            SagaStates.PublishOrderConfirmed,
            EventNames.OrderConfirmed,
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(OrderConfirmedDetail.OrderId))] = OrderField(nameof(OrderCreated.OrderId)),
                [JsonNames.Of(nameof(OrderConfirmedDetail.CustomerId))] = OrderField(nameof(OrderCreated.CustomerId)),
                [JsonNames.Of(nameof(OrderConfirmedDetail.TotalAmount))] = JsonPath.NumberAt(JsonNames.Detail(nameof(OrderCreated.TotalAmount))),
                [JsonNames.Of(nameof(OrderConfirmedDetail.Currency))] = OrderField(nameof(OrderCreated.Currency)),
            },
            Tuning.Forward);

        // The order is confirmed and paid: a lost event must not undo it; the error stays in the execution's output.
        publishOrderConfirmed.AddCatch(orderConfirmed, new CatchProps { ResultPath = SagaData.PublishError });
        publishOrderConfirmed.Next(orderConfirmed);

        var notifyCustomer = Notify(SagaStates.NotifyCustomer, NotificationKinds.Confirmed, reason: null);
        notifyCustomer.AddCatch(publishOrderConfirmed, new CatchProps { ResultPath = SagaData.NotificationError });
        notifyCustomer.Next(publishOrderConfirmed);

        var confirmOrder = ConfirmOrder();
        confirmOrder.AddCatch(confirmOrderFailed, new CatchProps { ResultPath = SagaData.Error });
        confirmOrder.Next(notifyCustomer);

        var paymentCharged = new Choice(this, SagaStates.PaymentCharged)
            .When(Condition.StringEquals(SagaData.Charge + "." + JsonNames.Of(nameof(PaymentResponse.Status)), PaymentStatus.Charged), confirmOrder)
            .Otherwise(paymentDeclined);

        var chargePayment = InvokePayment(SagaStates.ChargePayment, PaymentActions.Charge, SagaData.Charge, Tuning.Forward);
        chargePayment.AddCatch(chargePaymentFailed, new CatchProps { ResultPath = SagaData.Error });
        chargePayment.Next(paymentCharged);

        var inventoryReserved = new Choice(this, SagaStates.InventoryReserved)
            .When(Condition.StringEquals(SagaData.Reservation + "." + JsonNames.Of(nameof(InventoryResponse.Status)), InventoryStatus.Reserved), chargePayment)
            .Otherwise(outOfStock);

        var reserveInventory = InvokeInventory(SagaStates.ReserveInventory, InventoryActions.Reserve, SagaData.Reservation, Tuning.Forward);
        reserveInventory.AddCatch(reserveInventoryFailed, new CatchProps { ResultPath = SagaData.Error });
        reserveInventory.Next(inventoryReserved);

        var recordOrder = RecordOrder();
        recordOrder.AddCatch(orderAlreadyRecorded, new CatchProps
        {
            Errors = [ErrorNames.DynamoDbConditionalCheckFailed],
            ResultPath = JsonPath.DISCARD,
        });
        recordOrder.AddCatch(recordOrderFailed, new CatchProps { ResultPath = SagaData.Error });
        recordOrder.Next(reserveInventory);

        return recordOrder;
    }

    private DynamoPutItem RecordOrder()
    {
        var task = new DynamoPutItem(this, SagaStates.RecordOrder, new DynamoPutItemProps
        {
            Table = props.OrdersTable,
            Item = new Dictionary<string, DynamoAttributeValue>
            {
                [TableAttributes.Orders.OrderId] = DynamoAttributeValue.FromString(OrderField(nameof(OrderCreated.OrderId))),
                [TableAttributes.Orders.Status] = DynamoAttributeValue.FromString(OrderStatus.Pending),
                [TableAttributes.Orders.CustomerId] = DynamoAttributeValue.FromString(OrderField(nameof(OrderCreated.CustomerId))),
                [TableAttributes.Orders.CustomerEmail] = DynamoAttributeValue.FromString(OrderField(nameof(OrderCreated.CustomerEmail))),
                [TableAttributes.Orders.Currency] = DynamoAttributeValue.FromString(OrderField(nameof(OrderCreated.Currency))),
                [TableAttributes.Orders.TotalAmount] = DynamoAttributeValue.NumberFromString(
                    JsonPath.Format("{}", OrderField(nameof(OrderCreated.TotalAmount)))),

                // Kept as the JSON the event carried: the saga reads it back whole, never item by item.
                [TableAttributes.Orders.Items] = DynamoAttributeValue.FromString(
                    JsonPath.JsonToString(ObjectAt(JsonNames.Detail(nameof(OrderCreated.Items))))),
                [TableAttributes.Orders.CreatedAt] = DynamoAttributeValue.FromString(JsonPath.StringAt("$$.Execution.StartTime")),
                [TableAttributes.Orders.ExecutionId] = DynamoAttributeValue.FromString(JsonPath.StringAt("$$.Execution.Id")),
            },

            // EventBridge delivers at least once: the second execution for an order must find it taken. The same
            // execution running the task again (a retry after a lost response, a resume after a crash) must not.
            ConditionExpression = "attribute_not_exists(#orderId) OR #executionId = :executionId",
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#orderId"] = TableAttributes.Orders.OrderId,
                ["#executionId"] = TableAttributes.Orders.ExecutionId,
            },
            ExpressionAttributeValues = new Dictionary<string, DynamoAttributeValue>
            {
                [":executionId"] = DynamoAttributeValue.FromString(JsonPath.StringAt("$$.Execution.Id")),
            },
            ResultPath = JsonPath.DISCARD,
            TaskTimeout = SfnTimeout.Duration(Seconds(Tuning.DynamoDbTaskTimeout)),
        });
        task.AddRetry(Retrier(TransientErrors.DynamoDb, Tuning.Forward, TransientErrors.IntegrationTimeouts));
        return task;
    }

    private DynamoUpdateItem ConfirmOrder()
    {
        var task = new DynamoUpdateItem(this, SagaStates.ConfirmOrder, new DynamoUpdateItemProps
        {
            Table = props.OrdersTable,
            Key = OrderKey(),
            UpdateExpression = "SET #status = :confirmed, #updatedAt = :now",

            // A retry after a lost response, or a resume after a crash, finds CONFIRMED and passes.
            ConditionExpression = "#status IN (:pending, :confirmed)",
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#status"] = TableAttributes.Orders.Status,
                ["#updatedAt"] = TableAttributes.Orders.UpdatedAt,
            },
            ExpressionAttributeValues = new Dictionary<string, DynamoAttributeValue>
            {
                [":confirmed"] = DynamoAttributeValue.FromString(OrderStatus.Confirmed),
                [":pending"] = DynamoAttributeValue.FromString(OrderStatus.Pending),
                [":now"] = DynamoAttributeValue.FromString(JsonPath.StringAt("$$.State.EnteredTime")),
            },
            ResultPath = JsonPath.DISCARD,
            TaskTimeout = SfnTimeout.Duration(Seconds(Tuning.DynamoDbTaskTimeout)),
        });
        task.AddRetry(Retrier(TransientErrors.DynamoDb, Tuning.Forward, TransientErrors.IntegrationTimeouts));
        return task;
    }

    private DynamoUpdateItem CancelOrder()
    {
        var task = new DynamoUpdateItem(this, SagaStates.CancelOrder, new DynamoUpdateItemProps
        {
            Table = props.OrdersTable,
            Key = OrderKey(),
            UpdateExpression = "SET #status = :cancelled, #reason = :reason, #updatedAt = :now",

            // A retry after a lost response finds CANCELLED and passes; a confirmed order is never cancelled
            // (that failure goes to a person). When RecordOrder itself failed, the row may not exist yet.
            ConditionExpression = "attribute_not_exists(#orderId) OR #status <> :confirmed",
            ExpressionAttributeNames = new Dictionary<string, string>
            {
                ["#orderId"] = TableAttributes.Orders.OrderId,
                ["#status"] = TableAttributes.Orders.Status,
                ["#reason"] = TableAttributes.Orders.Reason,
                ["#updatedAt"] = TableAttributes.Orders.UpdatedAt,
            },
            ExpressionAttributeValues = new Dictionary<string, DynamoAttributeValue>
            {
                [":cancelled"] = DynamoAttributeValue.FromString(OrderStatus.Cancelled),
                [":confirmed"] = DynamoAttributeValue.FromString(OrderStatus.Confirmed),
                [":reason"] = DynamoAttributeValue.FromString(JsonPath.StringAt(SagaData.CancellationReason)),
                [":now"] = DynamoAttributeValue.FromString(JsonPath.StringAt("$$.State.EnteredTime")),
            },
            ResultPath = JsonPath.DISCARD,
            TaskTimeout = SfnTimeout.Duration(Seconds(Tuning.DynamoDbTaskTimeout)),
        });
        task.AddRetry(Retrier(TransientErrors.DynamoDb, Tuning.Compensation, TransientErrors.IntegrationTimeouts));
        return task;
    }

    private LambdaInvoke InvokeInventory(string stateName, string action, string resultPath, RetryPolicy retry) =>
        Invoke(
            stateName,
            props.InventoryFunction,
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(InventoryRequest.Action))] = action,
                [JsonNames.Of(nameof(InventoryRequest.OrderId))] = OrderField(nameof(OrderCreated.OrderId)),
                [JsonNames.Of(nameof(InventoryRequest.Items))] = ObjectAt(JsonNames.Detail(nameof(OrderCreated.Items))),
            },
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(InventoryResponse.Status))] = JsonPath.StringAt(JsonNames.Payload(nameof(InventoryResponse.Status))),
                [JsonNames.Of(nameof(InventoryResponse.UnavailableSkus))] = JsonPath.ListAt(JsonNames.Payload(nameof(InventoryResponse.UnavailableSkus))),
            },
            resultPath,
            retry);

    private LambdaInvoke InvokePayment(string stateName, string action, string resultPath, RetryPolicy retry)
    {
        var payload = new Dictionary<string, object>
        {
            [JsonNames.Of(nameof(PaymentRequest.Action))] = action,
            [JsonNames.Of(nameof(PaymentRequest.OrderId))] = OrderField(nameof(OrderCreated.OrderId)),
            [JsonNames.Of(nameof(PaymentRequest.Amount))] = JsonPath.NumberAt(JsonNames.Detail(nameof(OrderCreated.TotalAmount))),
            [JsonNames.Of(nameof(PaymentRequest.Currency))] = OrderField(nameof(OrderCreated.Currency)),
        };

        // A refund uses what the payment service recorded for the order, never the card again.
        if (action == PaymentActions.Charge)
        {
            payload[JsonNames.Of(nameof(PaymentRequest.Payment))] = ObjectAt(JsonNames.Detail(nameof(OrderCreated.Payment)));
        }

        return Invoke(
            stateName,
            props.PaymentFunction,
            payload,
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(PaymentResponse.Status))] = JsonPath.StringAt(JsonNames.Payload(nameof(PaymentResponse.Status))),
                [JsonNames.Of(nameof(PaymentResponse.Amount))] = JsonPath.NumberAt(JsonNames.Payload(nameof(PaymentResponse.Amount))),
                [JsonNames.Of(nameof(PaymentResponse.Currency))] = JsonPath.StringAt(JsonNames.Payload(nameof(PaymentResponse.Currency))),
            },
            resultPath,
            retry);
    }

    private LambdaInvoke Notify(string stateName, string kind, string? reason)
    {
        var payload = new Dictionary<string, object>
        {
            [JsonNames.Of(nameof(NotificationRequest.Kind))] = kind,
            [JsonNames.Of(nameof(NotificationRequest.OrderId))] = OrderField(nameof(OrderCreated.OrderId)),
            [JsonNames.Of(nameof(NotificationRequest.CustomerEmail))] = OrderField(nameof(OrderCreated.CustomerEmail)),
            [JsonNames.Of(nameof(NotificationRequest.Currency))] = OrderField(nameof(OrderCreated.Currency)),
            [JsonNames.Of(nameof(NotificationRequest.TotalAmount))] = JsonPath.NumberAt(JsonNames.Detail(nameof(OrderCreated.TotalAmount))),
            [JsonNames.Of(nameof(NotificationRequest.Items))] = ObjectAt(JsonNames.Detail(nameof(OrderCreated.Items))),
        };
        if (reason is not null)
        {
            payload[JsonNames.Of(nameof(NotificationRequest.Reason))] = reason;
        }

        return Invoke(
            stateName,
            props.NotificationFunction,
            payload,
            new Dictionary<string, object>
            {
                [JsonNames.Of(nameof(NotificationResponse.Status))] = JsonPath.StringAt(JsonNames.Payload(nameof(NotificationResponse.Status))),
                [JsonNames.Of(nameof(NotificationResponse.Subject))] = JsonPath.StringAt(JsonNames.Payload(nameof(NotificationResponse.Subject))),
            },
            SagaData.Notification,
            Tuning.Forward);
    }

    private LambdaInvoke Invoke(
        string stateName,
        IFunction function,
        Dictionary<string, object> payload,
        Dictionary<string, object> resultSelector,
        string resultPath,
        RetryPolicy retry)
    {
        var task = new LambdaInvoke(this, stateName, new LambdaInvokeProps
        {
            LambdaFunction = function,
            Payload = TaskInput.FromObject(payload),

            // CDK would otherwise add its own Lambda retrier in front of ours, with other settings.
            RetryOnServiceExceptions = false,
            ResultSelector = resultSelector,
            ResultPath = resultPath,
            TaskTimeout = SfnTimeout.Duration(Seconds(Tuning.LambdaTaskTimeout)),
        });
        task.AddRetry(Retrier(TransientErrors.Lambda, retry, TransientErrors.LambdaCrashesAndTimeouts));
        return task;
    }

    private EventBridgePutEvents Publish(string stateName, string detailType, Dictionary<string, object> detail, RetryPolicy retry)
    {
        var task = new EventBridgePutEvents(this, stateName, new EventBridgePutEventsProps
        {
            Entries =
            [
                new EventBridgePutEventsEntry
                {
                    EventBus = props.EventBus,
                    Source = EventNames.SagaSource,
                    DetailType = detailType,
                    Detail = TaskInput.FromObject(detail),
                },
            ],
            ResultPath = JsonPath.DISCARD,
            TaskTimeout = SfnTimeout.Duration(Seconds(Tuning.EventBridgeTaskTimeout)),
        });
        task.AddRetry(Retrier(TransientErrors.EventBridge, retry, TransientErrors.IntegrationTimeouts));
        return task;
    }

    private Pass StepFailed(string stateName, string failedState) =>
        Cancellation(stateName, CancellationReasons.StepFailed, failedState, new Dictionary<string, object>
        {
            [SagaData.CancellationErrorField] = ObjectAt(SagaData.Error),
        });

    private Pass Cancellation(string stateName, string reason, string failedState, Dictionary<string, object> extra)
    {
        var parameters = new Dictionary<string, object>
        {
            [SagaData.CancellationReasonField] = reason,
            [SagaData.CancellationFailedStateField] = failedState,
        };
        foreach (var (key, value) in extra)
        {
            parameters.Add(key, value);
        }

        return new Pass(this, stateName, new PassProps { Parameters = parameters, ResultPath = SagaData.Cancellation });
    }

    private static Dictionary<string, DynamoAttributeValue> OrderKey() => new()
    {
        [TableAttributes.Orders.OrderId] = DynamoAttributeValue.FromString(OrderField(nameof(OrderCreated.OrderId))),
    };

    private static string OrderField(string propertyName) => JsonPath.StringAt(JsonNames.Detail(propertyName));

    // JsonPath.ObjectAt returns an IResolvable that jsii cannot pass where CDK takes "any" (a payload value, an
    // intrinsic's argument); a path token renders the same "key.$": "path" without that round trip.
    private static string ObjectAt(string path) => JsonPath.StringAt(path);

    private static RetryProps Retrier(string[] errors, RetryPolicy policy, string[] crashesAndTimeouts) => new()
    {
        Errors = policy.RetriesCrashesAndTimeouts ? [.. errors, .. crashesAndTimeouts] : errors,
        MaxAttempts = policy.MaxAttempts,
        Interval = Seconds(policy.Interval),
        BackoffRate = policy.BackoffRate,
        MaxDelay = Seconds(policy.MaxDelay),
        JitterStrategy = JitterType.FULL,
    };

    private static Duration Seconds(TimeSpan value) => Duration.Seconds(value.TotalSeconds);

    private static void Validate(SagaTuning tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        Validate(tuning.Forward, nameof(SagaTuning.Forward));
        Validate(tuning.Compensation, nameof(SagaTuning.Compensation));
        ValidateWholeSeconds(tuning.LambdaTaskTimeout, nameof(SagaTuning.LambdaTaskTimeout));
        ValidateWholeSeconds(tuning.DynamoDbTaskTimeout, nameof(SagaTuning.DynamoDbTaskTimeout));
        ValidateWholeSeconds(tuning.EventBridgeTaskTimeout, nameof(SagaTuning.EventBridgeTaskTimeout));
        ValidateWholeSeconds(tuning.StateMachineTimeout, nameof(SagaTuning.StateMachineTimeout));
    }

    private static void Validate(RetryPolicy policy, string name)
    {
        ArgumentNullException.ThrowIfNull(policy, $"{nameof(SagaTuning)}.{name}");
        if (policy.MaxAttempts is < 0 or > 99999999)
        {
            throw new ArgumentException($"{nameof(SagaTuning)}.{name}.{nameof(RetryPolicy.MaxAttempts)} must be between 0 and 99999999, not {policy.MaxAttempts}");
        }

        if (policy.BackoffRate < 1)
        {
            throw new ArgumentException($"{nameof(SagaTuning)}.{name}.{nameof(RetryPolicy.BackoffRate)} must be at least 1, not {policy.BackoffRate}");
        }

        ValidateWholeSeconds(policy.Interval, $"{name}.{nameof(RetryPolicy.Interval)}");
        ValidateWholeSeconds(policy.MaxDelay, $"{name}.{nameof(RetryPolicy.MaxDelay)}");
        if (policy.MaxDelay < policy.Interval)
        {
            throw new ArgumentException($"{nameof(SagaTuning)}.{name}.{nameof(RetryPolicy.MaxDelay)} ({policy.MaxDelay}) must not be shorter than its {nameof(RetryPolicy.Interval)} ({policy.Interval})");
        }
    }

    private static void ValidateWholeSeconds(TimeSpan value, string name)
    {
        // ASL counts these in whole seconds; a fraction would be silently rounded by CDK.
        if (value <= TimeSpan.Zero || value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"{nameof(SagaTuning)}.{name} must be a positive whole number of seconds, not {value}");
        }
    }
}
