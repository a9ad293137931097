namespace OrderSaga.Local.States.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void Parse_TruncatedJson_ReportsPosition()
    {
        var result = AslParser.Parse("""{"StartAt": "A", "States": {"A": {"Type": "Pass",""");

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Definition);
        Assert.StartsWith("line 1", error.Location, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SeveralProblems_ListsEveryOneWithItsLocation()
    {
        var result = AslParser.Parse("""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "Nowhere"},
              "B": {"Type": "Teleport", "End": true},
              "C": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f"},
              "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Missing"}]}
            }}
            """);

        var locations = result.Errors.Select(e => e.Location).ToList();
        Assert.Contains("States.B.Type", locations);
        Assert.Contains("States.C", locations);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, e => e.Location == "States.B.Type" && e.Message.Contains("Unknown state type 'Teleport'", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Location == "States.C" && e.Message.Contains("either Next or End", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DanglingTargets_AreLocatedAtTheirFields()
    {
        var result = AslParser.Parse("""
            {"StartAt": "A", "States": {
              "A": {"Type": "Pass", "Next": "Nowhere"},
              "D": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true,
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Missing"}]},
              "E": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "Gone"}]}
            }}
            """);

        var locations = result.Errors.Select(e => e.Location).ToList();
        Assert.Contains("States.A.Next", locations);
        Assert.Contains("States.D.Catch[0].Next", locations);
        Assert.Contains("States.E.Choices[0].Next", locations);
        Assert.Contains(result.Errors, e => e.Location == "States.D" && e.Message.Contains("not reachable", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_BranchJumpsOutOfItsScope_IsRejected()
    {
        var result = AslParser.Parse("""
            {"StartAt": "P", "States": {
              "P": {"Type": "Parallel", "End": true, "Branches": [
                {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "After"}}}]},
              "After": {"Type": "Succeed"}
            }}
            """);

        Assert.Contains(result.Errors, e => e.Location == "States.P.Branches[0].States.X.Next");
    }

    [Theory]
    [InlineData("""{"StartAt": "A", "States": {"A": {"Type": "Wait", "End": true}}}""", "States.A")]
    [InlineData("""{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "Parameters": {"x.$": "States.Nope()"}}}}""", "States.A.Parameters.x.$")]
    [InlineData("""{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true, "InputPath": "nope"}}}""", "States.A.InputPath")]
    [InlineData("""{"StartAt": "A", "States": {"A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "1", "Next": "A"}]}}}""", "States.A.Choices[0].NumericEquals")]
    [InlineData("""{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}]}}}""", "States.A.Retry[0].ErrorEquals")]
    [InlineData("""{"StartAt": "Z", "States": {"A": {"Type": "Succeed"}}}""", "StartAt")]
    [InlineData("""{"States": {"A": {"Type": "Succeed"}}}""", "StartAt")]
    public void Parse_InvalidField_IsLocated(string definition, string location)
    {
        var result = AslParser.Parse(definition);

        Assert.Contains(result.Errors, e => e.Location == location);
    }

    [Fact]
    public void Parse_JsonataMachine_SaysNotSupported()
    {
        var result = AslParser.Parse("""{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}""");

        Assert.Contains("not supported: JSONata", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }
}
