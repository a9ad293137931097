namespace OrderSaga.Local.States.Model;

public enum MapMode
{
    Inline,
    Distributed,
}
