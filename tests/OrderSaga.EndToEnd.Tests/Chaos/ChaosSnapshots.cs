using OrderSaga.Contracts;
using OrderSaga.Local.Cli;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>
/// A hand-made end of a chaos run that keeps every invariant, with one order of each outcome: confirmed (A), cancelled
/// out of stock (B), compensation failed while refunding (C, still holding a unit and its charge), malformed and
/// rejected (D), and confirmed after a duplicate delivery (E, two events). Tests break it one way at a time.
/// </summary>
internal static class ChaosSnapshots
{
    public const string Sku1 = "SKU-CHAOS-T-1";
    public const string Sku2 = "SKU-CHAOS-T-2";
    public const string A = "ORD-CHAOS-T-A";
    public const string B = "ORD-CHAOS-T-B";
    public const string C = "ORD-CHAOS-T-C";
    public const string D = "ORD-CHAOS-T-D";
    public const string E = "ORD-CHAOS-T-E";

    private static readonly string[] ConfirmedPath =
    [
        SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment, SagaStates.PaymentCharged,
        SagaStates.ConfirmOrder, SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed, SagaStates.OrderConfirmed,
    ];

    private static readonly string[] OutOfStockPath =
    [
        SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.OutOfStock, SagaStates.ReleaseInventory,
        SagaStates.CancelOrder, SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled, SagaStates.OrderCancelled,
    ];

    private static readonly string[] RefundFailedPath =
    [
        SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.InventoryReserved, SagaStates.ChargePayment, SagaStates.PaymentCharged,
        SagaStates.ConfirmOrder, SagaStates.ConfirmOrderFailed, SagaStates.RefundPayment, SagaStates.PublishCompensationFailed, SagaStates.CompensationFailed,
    ];

    private static readonly string[] DuplicatePath = [SagaStates.RecordOrder, SagaStates.OrderAlreadyRecorded];

    public static ChaosSnapshot Consistent()
    {
        var prices = new Dictionary<string, decimal>(StringComparer.Ordinal) { [Sku1] = 12.50m, [Sku2] = 7.25m };
        ChaosOrder Order(string id, string sku, int units, bool duplicate = false, bool malformed = false) =>
            new(id, "CUST-CHAOS-T", new Dictionary<string, int>(StringComparer.Ordinal) { [sku] = units }, prices, units * prices[sku], "tok_visa", duplicate, malformed, malformed, false);

        return new ChaosSnapshot(
            Orders: [Order(A, Sku1, 2), Order(B, Sku1, 9), Order(C, Sku2, 1), Order(D, Sku2, 1, malformed: true), Order(E, Sku2, 3, duplicate: true)],
            Sent: [new(A, "ev-a", null), new(B, "ev-b", null), new(C, "ev-c", null), new(D, "ev-d", null), new(E, "ev-e1", null), new(E, "ev-e2", null)],
            StartStock: new Dictionary<string, int>(StringComparer.Ordinal) { [Sku1] = 10, [Sku2] = 10 },
            Inventory: new Dictionary<string, ChaosInventoryRow>(StringComparer.Ordinal)
            {
                [Sku1] = new(8, Units((A, 2))),
                [Sku2] = new(6, Units((C, 1), (E, 3))),
            },
            OrderRows: new Dictionary<string, ChaosOrderRow>(StringComparer.Ordinal)
            {
                [A] = new(OrderStatus.Confirmed, null),
                [B] = new(OrderStatus.Cancelled, CancellationReasons.OutOfStock),
                [C] = new(OrderStatus.Pending, null),
                [E] = new(OrderStatus.Confirmed, null),
            },
            Payments: [new(A, PaymentStatus.Charged, 25m), new(C, PaymentStatus.Charged, 7.25m), new(E, PaymentStatus.Charged, 21.75m)],
            Executions:
            [
                Execution("a", "ev-a", A, "SUCCEEDED", null, ConfirmedPath, charged: true),
                Execution("b", "ev-b", B, "FAILED", ErrorNames.OrderCancelled, OutOfStockPath),
                Execution("c", "ev-c", C, "FAILED", ErrorNames.CompensationFailed, RefundFailedPath, charged: true),
                Execution("e1", "ev-e1", E, "SUCCEEDED", null, ConfirmedPath, charged: true),
                Execution("e2", "ev-e2", E, "SUCCEEDED", null, DuplicatePath),
            ],
            Rejected: [new("ev-d", null)],
            DeadLettered: [],
            Alerts: [new("ev-alert-c", C)]);
    }

    public static ChaosExecution Execution(string name, string? eventId, string? orderId, string status, string? error, IReadOnlyList<string> states, bool charged = false) =>
        new($"arn:aws:states:us-east-1:000000000000:execution:OrderSaga:{name}", eventId, orderId, status, error, null, states, charged);

    public static Dictionary<string, decimal> Units(params (string OrderId, decimal Units)[] reservations) =>
        reservations.ToDictionary(r => r.OrderId, r => r.Units, StringComparer.Ordinal);

    /// <summary>The snapshot with one execution (by its name) replaced.</summary>
    public static ChaosSnapshot WithExecution(this ChaosSnapshot snapshot, string name, Func<ChaosExecution, ChaosExecution> change) =>
        snapshot with { Executions = [.. snapshot.Executions.Select(e => e.Arn.EndsWith(":" + name, StringComparison.Ordinal) ? change(e) : e)] };

    public static ChaosSnapshot WithInventory(this ChaosSnapshot snapshot, string sku, ChaosInventoryRow row) =>
        snapshot with { Inventory = new Dictionary<string, ChaosInventoryRow>(snapshot.Inventory, StringComparer.Ordinal) { [sku] = row } };

    public static ChaosSnapshot WithOrderRow(this ChaosSnapshot snapshot, string orderId, ChaosOrderRow row) =>
        snapshot with { OrderRows = new Dictionary<string, ChaosOrderRow>(snapshot.OrderRows, StringComparer.Ordinal) { [orderId] = row } };
}
