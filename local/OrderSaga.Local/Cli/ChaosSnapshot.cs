namespace OrderSaga.Local.Cli;

/// <summary>
/// Everything a chaos run's invariants are checked against, read back from the cloud after the run (tables by scan,
/// executions with their histories, queues by peeking), plus what the driver planned and sent. Plain data, so the
/// invariants can be tested on states made by hand.
/// </summary>
/// <param name="Orders">The orders planned (every one, sent or not).</param>
/// <param name="Sent">Every PutEvents entry the driver tried, accepted or not.</param>
/// <param name="StartStock">SKU → units read from the inventory table before the first order.</param>
/// <param name="Inventory">SKU → the inventory row at the end (the run's SKUs only).</param>
/// <param name="OrderRows">Order id → the orders-table row at the end (the run's orders only).</param>
/// <param name="Payments">The payments-table rows of the run's orders, as scanned (a repeated order id would show twice).</param>
/// <param name="Executions">The executions started for the run's events.</param>
/// <param name="Rejected">Events in the rejected-orders queue.</param>
/// <param name="DeadLettered">Events in the Order Created rule's dead-letter queue.</param>
/// <param name="Alerts">Events in the alerts queue ("Order Compensation Failed").</param>
internal sealed record ChaosSnapshot(
    IReadOnlyList<ChaosOrder> Orders,
    IReadOnlyList<ChaosSentEvent> Sent,
    IReadOnlyDictionary<string, int> StartStock,
    IReadOnlyDictionary<string, ChaosInventoryRow> Inventory,
    IReadOnlyDictionary<string, ChaosOrderRow> OrderRows,
    IReadOnlyList<ChaosPaymentRow> Payments,
    IReadOnlyList<ChaosExecution> Executions,
    IReadOnlyList<ChaosQueuedEvent> Rejected,
    IReadOnlyList<ChaosQueuedEvent> DeadLettered,
    IReadOnlyList<ChaosQueuedEvent> Alerts);

/// <summary>One PutEvents entry: <paramref name="EventId"/> when EventBridge accepted it, else <paramref name="Error"/>.</summary>
internal sealed record ChaosSentEvent(string OrderId, string? EventId, string? Error);

/// <summary>An inventory row: units still available, and order id → units that order holds.</summary>
internal sealed record ChaosInventoryRow(decimal Available, IReadOnlyDictionary<string, decimal> Reservations);

internal sealed record ChaosOrderRow(string? Status, string? Reason);

/// <summary>A payments row; <paramref name="Status"/> is null while a charge was attempted but has no result.</summary>
internal sealed record ChaosPaymentRow(string OrderId, string? Status, decimal Amount);

/// <summary>
/// An execution: the event that started it (its input), how it ended, the states it entered in order, and whether its
/// ChargePayment task was answered CHARGED (the saga then goes on as if it charged).
/// </summary>
internal sealed record ChaosExecution(
    string Arn,
    string? EventId,
    string? OrderId,
    string Status,
    string? Error,
    string? Cause,
    IReadOnlyList<string> States,
    bool Charged);

/// <summary>An event found in a queue: its EventBridge id and the order id in its detail, when it has them.</summary>
internal sealed record ChaosQueuedEvent(string? EventId, string? OrderId);
