using OrderSaga.Local.States.Conformance;

namespace OrderSaga.Local.States.Tests.Conformance;

/// <summary>The public corpus of AWS-recorded executions: one test per case, named by its id.</summary>
public sealed class AslConformanceTests(AslCorpusFixture corpus) : IClassFixture<AslCorpusFixture>
{
    [AslConformanceCase]
    public async Task Case_MatchesAwsRecording(string caseId)
    {
        var outcome = await corpus.Runner.RunAsync(corpus.Cases[caseId]);

        Assert.True(outcome.Outcome == CaseOutcomeKind.Passed, outcome.Reason);
    }

    [Fact]
    public void Exclusions_EveryEntryNamesACaseAndGivesAReason()
    {
        Assert.All(corpus.Exclusions.Values, e =>
        {
            Assert.Contains(e.Id, corpus.Cases.Keys);
            Assert.False(string.IsNullOrWhiteSpace(e.Reason));
        });
    }
}
