using OrderSaga.Local.Events.Conformance;

namespace OrderSaga.Local.Events.Tests.Conformance;

/// <summary>The AWS-recorded and event-ruler corpus (see Corpus/NOTICE), one test per case.</summary>
public sealed class EventBridgeConformanceTests(CorpusFixture corpus) : IClassFixture<CorpusFixture>
{
    [ConformanceCases("patterns.jsonl")]
    public void Pattern(string caseId) => AssertPasses(corpus.Patterns, caseId);

    [ConformanceCases("transformers.jsonl")]
    public void Transformer(string caseId) => AssertPasses(corpus.Transformers, caseId);

    [ConformanceCases("validation.jsonl")]
    public void Validation(string caseId) => AssertPasses(corpus.Validation, caseId);

    private void AssertPasses(IReadOnlyDictionary<string, ConformanceCase> cases, string caseId)
    {
        var outcome = ConformanceRunner.Run(cases[caseId], corpus.Exclusions);
        Assert.True(outcome.Outcome == Outcome.Passed, $"{caseId}: {outcome.Outcome}: {outcome.Reason}");
    }
}
