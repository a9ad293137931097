using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Runtime;

public sealed class ChoiceRuleTests
{
    private static async Task<string> ChooseAsync(string rule, string input)
    {
        var definition = """
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{RULE, "Next": "Yes"}], "Default": "No"},
              "Yes": {"Type": "Pass", "Result": "yes", "End": true},
              "No": {"Type": "Pass", "Result": "no", "End": true}}}
            """.Replace("RULE", rule, StringComparison.Ordinal);
        var execution = await EngineHarness.RunAsync(definition, input);
        Assert.Equal(ExecutionStatus.Succeeded, execution.Status);
        return JsonValues.IsString(execution.Output, out var s) ? s : "?";
    }

    [Theory]
    [InlineData("\"Variable\": \"$.s\", \"StringEquals\": \"abc\"", """{"s": "abc"}""", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringLessThan\": \"abd\"", """{"s": "abc"}""", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringMatches\": \"log-*.txt\"", """{"s": "log-2024.txt"}""", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringMatches\": \"a\\\\*b\"", """{"s": "a*b"}""", "yes")]
    [InlineData("\"Variable\": \"$.s\", \"StringMatches\": \"a\\\\*b\"", """{"s": "axb"}""", "no")]
    [InlineData("\"Variable\": \"$.n\", \"NumericEquals\": 1", """{"n": 1.0}""", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"NumericGreaterThanPath\": \"$.m\"", """{"n": 3, "m": 2}""", "yes")]
    [InlineData("\"Variable\": \"$.n\", \"NumericLessThanEquals\": 1", """{"n": "1"}""", "no")]
    [InlineData("\"Variable\": \"$.b\", \"BooleanEquals\": false", """{"b": false}""", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampLessThan\": \"2024-01-01T00:00:00Z\"", """{"t": "2023-12-31T23:59:59+00:00"}""", "yes")]
    [InlineData("\"Variable\": \"$.t\", \"TimestampEquals\": \"2024-01-01T00:00:00Z\"", """{"t": "not a date"}""", "no")]
    [InlineData("\"Variable\": \"$.x\", \"IsPresent\": false", """{}""", "yes")]
    [InlineData("\"Variable\": \"$.x\", \"IsNull\": true", """{"x": null}""", "yes")]
    [InlineData("\"Variable\": \"$.x\", \"IsNumeric\": true", """{"x": "1"}""", "no")]
    [InlineData("\"Variable\": \"$.x\", \"IsTimestamp\": true", """{"x": "2016-03-14T01:59:00Z"}""", "yes")]
    [InlineData("\"And\": [{\"Variable\": \"$.n\", \"NumericGreaterThan\": 1}, {\"Variable\": \"$.n\", \"NumericLessThan\": 5}]", """{"n": 3}""", "yes")]
    [InlineData("\"Or\": [{\"Variable\": \"$.n\", \"NumericEquals\": 1}, {\"Variable\": \"$.n\", \"NumericEquals\": 2}]", """{"n": 3}""", "no")]
    [InlineData("\"Not\": {\"Variable\": \"$.s\", \"StringEquals\": \"a\"}", """{"s": "b"}""", "yes")]
    public async Task Choice_Rule_TakesTheBranchAwsTakes(string rule, string input, string expected)
    {
        Assert.Equal(expected, await ChooseAsync(rule, input));
    }

    [Fact]
    public async Task Choice_NoMatchAndNoDefault_FailsWithNoChoiceMatched()
    {
        var execution = await EngineHarness.RunAsync("""
            {"StartAt": "C", "States": {
              "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "Done"}]},
              "Done": {"Type": "Succeed"}}}
            """, """{"n": 2}""");

        Assert.Equal(ExecutionStatus.Failed, execution.Status);
        Assert.Equal(StatesErrors.NoChoiceMatched, execution.Error);
    }
}
