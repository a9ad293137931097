namespace OrderSaga.Contracts;

public static class InventoryStatus
{
    public const string Reserved = "RESERVED";
    public const string OutOfStock = "OUT_OF_STOCK";
    public const string Released = "RELEASED";
}
