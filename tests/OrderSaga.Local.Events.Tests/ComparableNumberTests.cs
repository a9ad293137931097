namespace OrderSaga.Local.Events.Tests;

public sealed class ComparableNumberTests
{
    [Theory]
    [InlineData("3.018e2", 301_800_000L)]
    [InlineData("-0.5", -500_000L)]
    [InlineData("5e9", 5_000_000_000_000_000L)]
    [InlineData("0.000001", 1L)]
    [InlineData("1.50000000", 1_500_000L)]
    [InlineData("0e-400", 0L)]
    public void Parse_ComparableNumber_GivesMillionths(string text, long expected)
    {
        Assert.Null(ComparableNumber.Parse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0.0000001", ComparableNumber.TooPreciseMessage)]
    [InlineData("1E-325", ComparableNumber.TooPreciseMessage)]
    [InlineData("5000000000.5", ComparableNumber.OutOfRangeMessage)]
    [InlineData("2.0e422", ComparableNumber.OutOfRangeMessage)]
    [InlineData("-1e10", ComparableNumber.OutOfRangeMessage)]
    public void Parse_NumberAwsCannotCompare_GivesAwsReason(string text, string reason) =>
        Assert.Equal(reason, ComparableNumber.Parse(text, out _));

    [Fact]
    public void Matches_AccountNumberLiteral_StillMatchesByText()
    {
        using var doc = System.Text.Json.JsonDocument.Parse("""{"account":123456789012}""");
        Assert.True(EventPattern.Parse("""{"account":[123456789012]}""").Matches(doc.RootElement));
    }
}
