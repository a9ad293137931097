namespace OrderSaga.Local.Tests.WebConsole;

[CollectionDefinition(Name)]
public sealed class CloudConsoleGroup : ICollectionFixture<CloudConsoleFixture>
{
    public const string Name = "Console on the local cloud";
}
