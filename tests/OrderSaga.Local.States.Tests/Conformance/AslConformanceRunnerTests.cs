using System.Text.Json.Nodes;
using OrderSaga.Local.States.Conformance;

namespace OrderSaga.Local.States.Tests.Conformance;

public sealed class AslConformanceRunnerTests
{
    private static ConformanceCase Case(string definition, string expected, string queryLanguage = "JSONPath", string lambdas = "{}") =>
        ConformanceCase.Parse((JsonObject)JsonNode.Parse("""
            {"id": "t", "feature": ["state:Pass"], "queryLanguage": "QL", "definition": DEF,
             "input": {"a": 1}, "lambdas": LAMBDAS, "expected": EXPECTED, "normalizers": [], "source": {}}
            """.Replace("QL", queryLanguage, StringComparison.Ordinal)
               .Replace("DEF", definition, StringComparison.Ordinal)
               .Replace("LAMBDAS", lambdas, StringComparison.Ordinal)
               .Replace("EXPECTED", expected, StringComparison.Ordinal))!);

    [Fact]
    public async Task Run_JsonataCase_IsReportedAsNotSupported()
    {
        var c = Case("""{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 1 %}", "End": true}}}""",
            """{"status": "SUCCEEDED", "output": 1}""", "JSONata");

        var outcome = await new AslConformanceRunner(null).RunAsync(c);

        Assert.Equal(CaseOutcomeKind.Failed, outcome.Outcome);
        Assert.Equal("not supported: JSONata", outcome.Reason);
    }

    [Fact]
    public async Task Run_WrongExpectation_FailsAndSaysWhere()
    {
        var c = Case("""{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": {"x": 2}, "End": true}}}""",
            """{"status": "SUCCEEDED", "output": {"x": 3}}""");

        var outcome = await new AslConformanceRunner(null).RunAsync(c);

        Assert.Equal(CaseOutcomeKind.Failed, outcome.Outcome);
        Assert.Contains("output.x", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_RaisingLambda_MatchesPlaceholdersAndJsonCause()
    {
        var c = Case("""{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:boom", "End": true}}}""",
            """{"status": "FAILED", "error": "Exception", "causeIsJsonText": true, "cause": {"errorMessage": "Some exception was raised.", "errorType": "Exception", "requestId": "<uuid:1>", "stackTrace": []}}""",
            lambdas: """{"boom": {"kind": "raise:Exception"}}""");

        var outcome = await new AslConformanceRunner(null).RunAsync(c);

        Assert.True(outcome.Outcome == CaseOutcomeKind.Passed, outcome.Reason);
    }

    [Fact]
    public void MatchText_SamePlaceholderTwice_MustBindTheSameText()
    {
        var comparer = new ResultComparer(null, [], new Dictionary<string, string>(), []);

        Assert.True(comparer.MatchText("<id:1>-<id:1>", "ab-ab"));
        Assert.False(comparer.MatchText("<id:1>", "zz"));
    }
}
