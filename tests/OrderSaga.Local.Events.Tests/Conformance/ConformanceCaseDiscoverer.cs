using OrderSaga.Local.Events.Conformance;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrderSaga.Local.Events.Tests.Conformance;

public sealed class ConformanceCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var file = factAttribute.GetConstructorArguments().OfType<string>().Single();
        var exclusions = ConformanceCorpus.LoadExclusions();
        foreach (var @case in ConformanceCorpus.Load(CorpusFiles.PathOf(file)))
        {
            var skip = exclusions.TryGetValue(@case.Id, out var exclusion)
                ? $"{(exclusion.Temporary ? "temporary" : "AWS differs")}: {exclusion.Reason}"
                : null;
            yield return new ConformanceTestCase(
                diagnosticMessageSink,
                discoveryOptions.MethodDisplayOrDefault(),
                discoveryOptions.MethodDisplayOptionsOrDefault(),
                testMethod,
                @case.Id,
                skip);
        }
    }
}
