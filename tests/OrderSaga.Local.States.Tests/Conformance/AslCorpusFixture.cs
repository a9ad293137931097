using OrderSaga.Local.States.Conformance;

namespace OrderSaga.Local.States.Tests.Conformance;

/// <summary>The vendored corpus, its exclusions and the runner, loaded once for all case tests.</summary>
public sealed class AslCorpusFixture
{
    public AslCorpusFixture()
    {
        Cases = AslCorpus.Cases.Value;
        Exclusions = AslCorpus.Exclusions.Value;
        Runner = AslConformanceRunner.FromFile(Path.Combine(AslCorpus.Directory, "normalizers-global.json"));
    }

    public IReadOnlyDictionary<string, ConformanceCase> Cases { get; }

    public IReadOnlyDictionary<string, CaseExclusion> Exclusions { get; }

    public AslConformanceRunner Runner { get; }
}
