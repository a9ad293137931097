using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Model;

internal static class JsonPathDefaults
{
    public static readonly JsonPath Root = JsonPath.Parse("$");
}
