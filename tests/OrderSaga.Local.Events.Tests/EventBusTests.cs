using System.Text.Json;

namespace OrderSaga.Local.Events.Tests;

public sealed class EventBusTests
{
    private static EventRule Rule(string name, string pattern, RuleState state = RuleState.Enabled) =>
        new(name, $"arn:aws:events:us-east-1:111111111111:rule/bus/{name}", EventPattern.Parse(pattern), [], state);

    private static FlatEvent Event(string source)
    {
        using var doc = JsonDocument.Parse($$$"""{"source":"{{{source}}}","detail-type":"Order Created","detail":{"n":1}}""");
        return FlatEvent.Create(doc.RootElement);
    }

    [Fact]
    public void Match_IndexedAndUnindexedRules_ReturnsMatchesInAddedOrder()
    {
        var bus = new EventBus("bus", "arn:aws:events:us-east-1:111111111111:event-bus/bus");
        bus.PutRule(Rule("audit", """{"source":[{"prefix":"ordersaga."}]}"""));
        bus.PutRule(Rule("orders", """{"source":["ordersaga.orders"],"detail-type":["Order Created"]}"""));
        bus.PutRule(Rule("saga", """{"source":["ordersaga.saga"]}"""));
        bus.PutRule(Rule("off", """{"source":["ordersaga.orders"]}""", RuleState.Disabled));

        Assert.Equal(["audit", "orders"], bus.Match(Event("ordersaga.orders")).Select(r => r.Name));
        Assert.Equal(["audit", "saga"], bus.Match(Event("ordersaga.saga")).Select(r => r.Name));
        Assert.Empty(bus.Match(Event("other")));
    }

    [Fact]
    public void PutRule_SameName_ReplacesTheRule()
    {
        var bus = new EventBus("bus", "arn");
        bus.PutRule(Rule("r", """{"source":["a"]}"""));
        bus.PutRule(Rule("r", """{"source":["b"]}"""));
        Assert.Empty(bus.Match(Event("a")));
        Assert.Single(bus.Match(Event("b")));
        Assert.True(bus.RemoveRule("r"));
        Assert.Empty(bus.Rules);
    }
}
