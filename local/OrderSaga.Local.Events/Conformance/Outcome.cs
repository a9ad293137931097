namespace OrderSaga.Local.Events.Conformance;

public enum Outcome
{
    Passed,
    Failed,
    Excluded,
}
