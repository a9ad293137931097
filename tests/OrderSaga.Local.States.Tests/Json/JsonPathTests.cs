using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Tests.Json;

public sealed class JsonPathTests
{
    private static readonly JsonNode Doc = JsonNode.Parse("""
        {"a": {"b": [10, 20, 30, 40]}, "items": [{"v": 1, "tag": "x"}, {"v": 2}, {"v": 3, "tag": "y"}], "q'k": 5}
        """)!;

    [Theory]
    [InlineData("$", true)]
    [InlineData("$.a.b[1]", true)]
    [InlineData("$['a']['b'][0]", true)]
    [InlineData("$.a.b[*]", false)]
    [InlineData("$..v", false)]
    [InlineData("$.items[1:]", false)]
    public void TryParse_Paths_KnowsWhetherDefinite(string text, bool definite)
    {
        Assert.True(JsonPath.TryParse(text, out var path, out _));
        Assert.Equal(definite, path.IsDefinite);
    }

    [Theory]
    [InlineData("$.a.b[1]", "20")]
    [InlineData("$.a.b[-1]", "40")]
    [InlineData("$.a.b[1:3]", "[20,30]")]
    [InlineData("$.a.b[:1]", "[10]")]
    [InlineData("$.items[*].v", "[1,2,3]")]
    [InlineData("$..tag", "[\"x\",\"y\"]")]
    [InlineData("$.items[?(@.v > 1)].v", "[2,3]")]
    [InlineData("$.items[?(@.tag)].v", "[1,3]")]
    [InlineData("$['q\\'k']", "5")]
    [InlineData("$.items.[?(@.v <= 2)].v", "[1,2]")]
    [InlineData("$.a.b.[0]", "10")]
    public void TryEvaluate_Selectors_ReturnJaywayResults(string text, string expected)
    {
        var path = JsonPath.Parse(text);

        Assert.True(path.TryEvaluate(Doc, out var result));
        Assert.Equal(expected, JsonValues.ToText(result));
    }

    [Fact]
    public void TryEvaluate_MissingDefinitePath_ReturnsFalse()
    {
        Assert.False(JsonPath.Parse("$.a.nope.c").TryEvaluate(Doc, out _));
        Assert.Equal("$['a']['nope']", JsonPath.Parse("$.a.nope.c").FirstMissing(Doc));
    }

    [Theory]
    [InlineData("$$.Execution.Id", JsonPathRoot.Context, null)]
    [InlineData("$myVar.field", JsonPathRoot.Variable, "myVar")]
    [InlineData("$.x", JsonPathRoot.Input, null)]
    public void Parse_Roots_AreRecognised(string text, JsonPathRoot root, string? variable)
    {
        var path = JsonPath.Parse(text);

        Assert.Equal(root, path.Root);
        Assert.Equal(variable, path.VariableName);
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("$.a[")]
    [InlineData("$.a['x")]
    public void TryParse_Malformed_ReportsError(string text)
    {
        Assert.False(JsonPath.TryParse(text, out _, out var error));
        Assert.Contains(text, error, StringComparison.Ordinal);
    }
}
