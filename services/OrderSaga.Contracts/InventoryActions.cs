namespace OrderSaga.Contracts;

public static class InventoryActions
{
    public const string Reserve = "reserve";
    public const string Release = "release";
}
