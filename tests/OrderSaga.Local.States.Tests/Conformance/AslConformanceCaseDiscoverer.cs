using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrderSaga.Local.States.Tests.Conformance;

public sealed class AslConformanceCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var exclusions = AslCorpus.Exclusions.Value;
        foreach (var id in AslCorpus.Cases.Value.Keys.Order(StringComparer.Ordinal))
        {
            yield return exclusions.TryGetValue(id, out var exclusion)
                ? new SkippedCaseTestCase(diagnosticMessageSink, display, displayOptions, testMethod, exclusion.Reason, [id])
                : new CaseTestCase(diagnosticMessageSink, display, displayOptions, testMethod, [id]);
        }
    }
}
