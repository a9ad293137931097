namespace OrderSaga.Local.States.Conformance;

public enum CaseOutcomeKind
{
    Passed,
    Failed,
    Excluded,
}
