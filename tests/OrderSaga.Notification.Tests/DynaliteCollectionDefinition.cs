using OrderSaga.Testing;

namespace OrderSaga.Notification.Tests;

/// <summary>One dynalite process for every test of this project; each test makes its own table.</summary>
[CollectionDefinition(Name)]
public sealed class DynaliteCollectionDefinition : ICollectionFixture<DynaliteFixture>
{
    public const string Name = "dynalite";
}
