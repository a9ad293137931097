namespace OrderSaga.Local.States.Runtime;

public enum StateMachineType
{
    Standard,
    Express,
}
