using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrderSaga.Local.States.Tests.Conformance;

/// <summary>A case test whose display name is the case id.</summary>
public sealed class CaseTestCase : XunitTestCase
{
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public CaseTestCase()
    {
    }

    public CaseTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, object[] arguments)
        : base(sink, display, options, method, arguments)
    {
    }

    protected override string GetDisplayName(IAttributeInfo factAttribute, string displayName) => (string)TestMethodArguments[0];
}
