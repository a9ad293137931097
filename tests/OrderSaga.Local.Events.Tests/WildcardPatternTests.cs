namespace OrderSaga.Local.Events.Tests;

public sealed class WildcardPatternTests
{
    [Theory]
    [InlineData("*bc", "abcbc", true)]
    [InlineData("d*f", "deeeefx", false)]
    [InlineData("xy*", "xy", true)]
    [InlineData("a*b*c", "aXbYbZc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("", "", true)]
    [InlineData("", "x", false)]
    [InlineData("a\\*b", "a*b", true)]
    [InlineData("a\\*b", "axb", false)]
    [InlineData("a\\\\*", "a\\zz", true)]
    public void IsMatch_Value_AsAwsWildcard(string pattern, string value, bool expected) =>
        Assert.Equal(expected, WildcardPattern.Parse(pattern).IsMatch(value));

    [Fact]
    public void Parse_ConsecutiveStarsAfterMultibyteText_ReportsUtf8Position() =>
        Assert.Equal(
            "Consecutive wildcard characters at pos 3",
            Assert.Throws<InvalidEventPatternException>(() => WildcardPattern.Parse("é**")).Reason);
}
