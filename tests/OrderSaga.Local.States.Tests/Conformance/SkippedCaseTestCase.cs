using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrderSaga.Local.States.Tests.Conformance;

/// <summary>An excluded case: skipped, with the reason from exclusions.json.</summary>
public sealed class SkippedCaseTestCase : XunitSkippedDataRowTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public SkippedCaseTestCase()
    {
    }

    public SkippedCaseTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string skipReason, object[] arguments)
        : base(sink, display, options, method, skipReason, arguments)
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => (string)TestMethodArguments[0];
}
