namespace OrderSaga.Local.Analysis;

internal enum EdgeKind
{
    Next,
    Choice,
    Default,
    Catch,
}
