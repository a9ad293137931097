using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.Events;

namespace OrderSaga.Infrastructure.Tests;

/// <summary>
/// Nothing is dropped silently: every "Order Created" event matches exactly one of the saga rule and the
/// malformed-order rule. The synthesized patterns are evaluated by the local EventBridge engine, which is held to
/// AWS's recorded matching behaviour.
/// </summary>
public sealed class OrderRoutingTests(StackSynthFixture synth) : IClassFixture<StackSynthFixture>
{
    private const string RuleType = "AWS::Events::Rule";

    public static TheoryData<string, bool> Details => new()
    {
        { """{"orderId":"ORD-1","totalAmount":25.00}""", true },
        { """{"orderId":"ORD-1","totalAmount":0.01}""", true },
        { """{"orderId":"ORD-1","totalAmount":0}""", false },
        { """{"orderId":"ORD-1","totalAmount":-5}""", false },
        { """{"orderId":"ORD-1","totalAmount":"25.00"}""", false },
        { """{"orderId":"ORD-1","totalAmount":""}""", false },
        { """{"orderId":"ORD-1","totalAmount":true}""", false },
        { """{"orderId":"ORD-1"}""", false },
        { """{"totalAmount":25}""", false },
        { """{}""", false },
    };

    [Theory]
    [MemberData(nameof(Details))]
    public void OrderCreated_AnyDetail_MatchesExactlyOneOfSagaAndMalformedRules(string detail, bool startsSaga)
    {
        var saga = Pattern("OrderCreatedRule");
        var malformed = Pattern("MalformedOrderRule");
        using var @event = JsonDocument.Parse(new JsonObject
        {
            ["version"] = "0",
            ["id"] = "1",
            ["detail-type"] = "Order Created",
            ["source"] = "ordersaga.orders",
            ["account"] = "000000000000",
            ["time"] = "2026-01-01T00:00:00Z",
            ["region"] = "us-east-1",
            ["resources"] = new JsonArray(),
            ["detail"] = JsonNode.Parse(detail),
        }.ToJsonString());

        Assert.Equal(startsSaga, saga.Matches(@event.RootElement));
        Assert.Equal(!startsSaga, malformed.Matches(@event.RootElement));
    }

    private EventPattern Pattern(string ruleId) =>
        EventPattern.Parse(synth.Json.Properties(RuleType, ruleId)["EventPattern"]!.ToJsonString());
}
