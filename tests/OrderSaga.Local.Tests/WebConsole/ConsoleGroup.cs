namespace OrderSaga.Local.Tests.WebConsole;

[CollectionDefinition(Name)]
public sealed class ConsoleGroup : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "Console";
}
