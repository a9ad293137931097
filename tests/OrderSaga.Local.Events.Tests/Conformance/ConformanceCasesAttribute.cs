using Xunit.Sdk;

namespace OrderSaga.Local.Events.Tests.Conformance;

/// <summary>Makes one test per case of a corpus file, named by the case id; excluded cases are skipped with their reason.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("OrderSaga.Local.Events.Tests.Conformance.ConformanceCaseDiscoverer", "OrderSaga.Local.Events.Tests")]
public sealed class ConformanceCasesAttribute(string file) : FactAttribute
{
    public string File { get; } = file;
}
