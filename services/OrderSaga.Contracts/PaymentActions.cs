namespace OrderSaga.Contracts;

public static class PaymentActions
{
    public const string Charge = "charge";
    public const string Refund = "refund";
}
