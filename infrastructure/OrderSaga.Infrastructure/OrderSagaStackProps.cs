using Amazon.CDK;
using OrderSaga.Contracts;

namespace OrderSaga.Infrastructure;

public sealed class OrderSagaStackProps : StackProps
{
    /// <summary>The folder holding OrderSaga.sln; the functions' code is published from <c>services/</c> under it.</summary>
    public required string RepositoryRoot { get; init; }

    public string BusName { get; init; } = EventNames.DefaultBusName;
}
