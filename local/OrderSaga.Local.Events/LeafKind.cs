namespace OrderSaga.Local.Events;

internal enum LeafKind : byte
{
    String,
    Number,
    True,
    False,
    Null,
}
