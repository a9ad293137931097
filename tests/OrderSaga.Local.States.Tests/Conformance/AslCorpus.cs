using OrderSaga.Local.States.Conformance;

namespace OrderSaga.Local.States.Tests.Conformance;

/// <summary>Where the vendored corpus lives in the test output, read once per process (discovery and execution share it).</summary>
internal static class AslCorpus
{
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "Conformance", "asl");

    public static Lazy<IReadOnlyDictionary<string, ConformanceCase>> Cases { get; } = new(() =>
        ConformanceCase.ReadJsonLines(Path.Combine(Directory, "cases.jsonl")).ToDictionary(c => c.Id, StringComparer.Ordinal));

    public static Lazy<IReadOnlyDictionary<string, CaseExclusion>> Exclusions { get; } = new(() =>
        ConformanceReport.ReadExclusions(Path.Combine(Directory, "exclusions.json")));
}
