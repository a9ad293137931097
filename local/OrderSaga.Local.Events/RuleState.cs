namespace OrderSaga.Local.Events;

public enum RuleState
{
    Enabled,
    Disabled,
}
