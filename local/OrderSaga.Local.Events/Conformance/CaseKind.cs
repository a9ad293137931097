namespace OrderSaga.Local.Events.Conformance;

/// <summary>The three kinds of case in the EventBridge corpus.</summary>
public enum CaseKind
{
    Pattern,
    Transformer,
    Validation,
}
