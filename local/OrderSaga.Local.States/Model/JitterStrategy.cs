namespace OrderSaga.Local.States.Model;

public enum JitterStrategy
{
    None,
    Full,
}
