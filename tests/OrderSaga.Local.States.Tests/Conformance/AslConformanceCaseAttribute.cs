using Xunit.Sdk;

namespace OrderSaga.Local.States.Tests.Conformance;

/// <summary>Makes one test per corpus case, named by the case id; excluded cases are reported as skipped with their reason.</summary>
[XunitTestCaseDiscoverer("OrderSaga.Local.States.Tests.Conformance.AslConformanceCaseDiscoverer", "OrderSaga.Local.States.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AslConformanceCaseAttribute : FactAttribute;
