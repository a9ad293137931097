namespace OrderSaga.EndToEnd.Tests;

/// <summary>Every end-to-end test class joins this collection, so they share one local cloud and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class LocalCloudGroup : ICollectionFixture<LocalCloudFixture>
{
    public const string Name = "Local cloud";
}
