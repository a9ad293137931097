namespace OrderSaga.Contracts;

/// <summary>Values of the orders table's <c>reason</c> and of the OrderCancelled Fail state's Cause.</summary>
public static class CancellationReasons
{
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string PaymentDeclined = "PAYMENT_DECLINED";

    /// <summary>A step failed with an error (after its retries); the error name follows in the order's history.</summary>
    public const string StepFailed = "STEP_FAILED";
}
