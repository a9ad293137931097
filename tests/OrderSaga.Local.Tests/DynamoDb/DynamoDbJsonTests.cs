using System.Text.Json.Nodes;
using OrderSaga.Local.DynamoDb;

namespace OrderSaga.Local.Tests.DynamoDb;

public class DynamoDbJsonTests
{
    [Fact]
    public void ItemFromPlain_ThenToPlain_RoundTrips()
    {
        var plain = JsonNode.Parse("""{"id":"a","n":1.50,"b":false,"z":null,"l":[1,"x"],"m":{"k":[{"q":2}]}}""")!.AsObject();
        var errors = new List<string>();

        var item = DynamoDbJson.ItemFromPlain(plain, "$", errors);
        var back = DynamoDbJson.ItemToPlain(item);

        Assert.Empty(errors);
        Assert.Equal("""{"S":"a"}""", item["id"]!.ToJsonString());
        Assert.Equal("""{"N":"1.50"}""", item["n"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(plain, back));
    }

    [Fact]
    public void ToPlain_NumberSet_BecomesArrayOfNumbers()
    {
        var plain = DynamoDbJson.ToPlain(JsonNode.Parse("""{"NS":["1","2.5"]}""")!.AsObject());

        Assert.Equal("[1,2.5]", plain!.ToJsonString());
    }
}
