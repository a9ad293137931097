using OrderSaga.Local.Events.Conformance;

namespace OrderSaga.Local.Events.Tests.Conformance;

/// <summary>Loads the corpus files once for all conformance tests.</summary>
public sealed class CorpusFixture
{
    public IReadOnlyDictionary<string, ConformanceCase> Patterns { get; } = Load("patterns.jsonl");

    public IReadOnlyDictionary<string, ConformanceCase> Transformers { get; } = Load("transformers.jsonl");

    public IReadOnlyDictionary<string, ConformanceCase> Validation { get; } = Load("validation.jsonl");

    public IReadOnlyDictionary<string, Exclusion> Exclusions { get; } = ConformanceCorpus.LoadExclusions();

    private static Dictionary<string, ConformanceCase> Load(string file) =>
        ConformanceCorpus.Load(CorpusFiles.PathOf(file)).ToDictionary(c => c.Id, StringComparer.Ordinal);
}
