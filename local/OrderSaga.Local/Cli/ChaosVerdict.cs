namespace OrderSaga.Local.Cli;

/// <summary>What the invariants found: the violations, how each order ended, the orders a person must look at, and the balances.</summary>
internal sealed record ChaosVerdict(
    IReadOnlyList<ChaosViolation> Violations,
    IReadOnlyDictionary<string, string> Outcomes,
    IReadOnlyList<ChaosManualAction> ManualActions,
    ChaosBalances Balances);

/// <summary>A broken invariant; <paramref name="OrderId"/> is null for one about a SKU or the whole run.</summary>
internal sealed record ChaosViolation(string Invariant, string? OrderId, string Detail);

/// <summary>
/// An order whose compensation failed (the saga raised an alert): what it still holds according to the tables, which a
/// person must put right. These amounts are part of the balances, never left out of them.
/// </summary>
internal sealed record ChaosManualAction(
    string OrderId,
    string? OrderStatus,
    string? PaymentStatus,
    decimal NetCharged,
    IReadOnlyDictionary<string, decimal> UnitsHeld,
    string FailedStep);

/// <summary>
/// The run's totals. Money: <see cref="Charged"/> − <see cref="Refunded"/> must equal <see cref="ConfirmedTotal"/> +
/// <see cref="HeldByCompensationFailed"/> + <see cref="HeldByUnsettled"/>. Stock: <see cref="StockStart"/> −
/// <see cref="StockEnd"/> must equal <see cref="ConfirmedUnits"/> + <see cref="UnitsHeldByCompensationFailed"/> +
/// <see cref="UnitsHeldByUnsettled"/>. "Unsettled" is what orders that are not terminal or not consistent hold;
/// each of those is a violation by itself.
/// </summary>
internal sealed record ChaosBalances(
    decimal Charged,
    decimal Refunded,
    decimal ConfirmedTotal,
    decimal HeldByCompensationFailed,
    decimal HeldByUnsettled,
    decimal StockStart,
    decimal StockEnd,
    decimal ConfirmedUnits,
    decimal UnitsHeldByCompensationFailed,
    decimal UnitsHeldByUnsettled);
