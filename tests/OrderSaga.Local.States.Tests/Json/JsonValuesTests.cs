using System.Text;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Tests.Json;

public sealed class JsonValuesTests
{
    [Theory]
    [InlineData("""{"a": [1, 2.5, -3e2, true, false, null], "b": {"c": "x\"y\\z\n\u0001"}, "é": "日本語"}""")]
    [InlineData("[]")]
    [InlineData("\"plain\"")]
    [InlineData("12345678901234567890")]
    public void ExceedsSize_AtTheExactLength_AgreesWithSerialisedSize(string json)
    {
        var node = JsonNode.Parse(json);
        var size = Encoding.UTF8.GetByteCount(JsonValues.ToText(node));

        Assert.False(JsonValues.ExceedsSize(node, size));
        Assert.True(JsonValues.ExceedsSize(node, size - 1));
    }

    [Fact]
    public void DeepEquals_NumbersOfDifferentForms_AreEqual()
    {
        Assert.True(JsonValues.DeepEquals(JsonNode.Parse("{\"a\": [1.0]}"), new JsonObject { ["a"] = new JsonArray(1L) }));
        Assert.False(JsonValues.DeepEquals(JsonNode.Parse("{\"a\": 1}"), JsonNode.Parse("{\"a\": \"1\"}")));
    }
}
