namespace OrderSaga.Local.States.Model;

public enum ComparisonKind
{
    Text,
    Numeric,
    Boolean,
    Timestamp,
    Test,
}
