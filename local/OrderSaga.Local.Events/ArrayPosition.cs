namespace OrderSaga.Local.Events;

internal readonly record struct ArrayPosition(int ArrayId, int Index);
