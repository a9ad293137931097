namespace OrderSaga.Local.Events.Tests.Conformance;

internal static class CorpusFiles
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Conformance", "Corpus", file);
}
