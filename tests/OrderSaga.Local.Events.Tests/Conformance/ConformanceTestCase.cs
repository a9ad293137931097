using Xunit.Abstractions;
using Xunit.Sdk;

namespace OrderSaga.Local.Events.Tests.Conformance;

/// <summary>One corpus case as an xunit test case whose display name is the case id.</summary>
public sealed class ConformanceTestCase : XunitTestCase
{
    private string? _skipReason;

    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConformanceTestCase()
    {
    }

    public ConformanceTestCase(
        IMessageSink diagnosticMessageSink,
        TestMethodDisplay defaultMethodDisplay,
        TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod,
        string caseId,
        string? skipReason)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod, [caseId])
    {
        _skipReason = skipReason;
    }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = (string)TestMethodArguments[0];
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _skipReason!;

    public override void Serialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        base.Serialize(data);
        data.AddValue("SkipReason", _skipReason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _skipReason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
    }
}
