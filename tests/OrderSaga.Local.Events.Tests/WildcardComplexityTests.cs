namespace OrderSaga.Local.Events.Tests;

public sealed class WildcardComplexityTests
{
    [Theory]
    [InlineData("""{"f":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}""")]
    [InlineData("""{"f":[{"wildcard":"/Users/*/dir/dir/dir/dir/dir/doc.txt"}]}""")]
    [InlineData("""{"f":[{"wildcard":"*.bif"},{"wildcard":"*.tiff"},{"wildcard":"*.tif"},{"wildcard":"*.svs"}]}""")]
    [InlineData("""{"f":[{"wildcard":"*/datasync/*.bif"},{"wildcard":"*/datasync/*.tif"}]}""")]
    [InlineData("""{"f":[{"anything-but":{"wildcard":["*/init/*","*/dir/*"]}}]}""")]
    public void Parse_WildcardsAwsAccepts_Compile(string pattern) =>
        Assert.True(EventPattern.TryParse(pattern, out _, out var error), error?.Message);

    [Theory]
    [InlineData("""{"f":[{"wildcard":"*:*:*:*:*:event-bus/*"}]}""")]
    [InlineData("""{"f":[{"wildcard":"*/datasync/*.bif"},{"wildcard":"*/datasync/*.tif"},{"wildcard":"*/datasync/*.tiff"},{"wildcard":"*/datasync/*.svs"}]}""")]
    public void Parse_WildcardsAwsRefuses_AreTooComplex(string pattern)
    {
        var error = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
        Assert.StartsWith("Rule is too complex", error.Reason, StringComparison.Ordinal);
    }
}
