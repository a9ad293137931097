using System.Text.Json;

namespace OrderSaga.Local.Events.Tests;

public sealed class TargetInputTests
{
    private static readonly TransformContext Context = new("arn:aws:events:us-east-1:111111111111:rule/order-saga/OrderCreated", "OrderCreated", "order-saga", "2026-01-01T00:00:00Z");

    private const string Event = """{"version":"0","id":"e1","detail-type":"Order Created","source":"ordersaga.orders","time":"2026-01-01T00:00:00Z","detail":{"orderId":"ORD-1","tags":["a","b"],"payment":{"method":"card"},"vip":true}}""";

    private static RenderedInput Render(string? inputPath = null, Dictionary<string, string>? map = null, string? template = null)
    {
        using var doc = JsonDocument.Parse(Event);
        var transformer = template is null ? null : new InputTransformer(map ?? [], template);
        return TargetInput.Render(doc.RootElement, null, inputPath, transformer, Context);
    }

    [Fact]
    public void Render_NoInputOptions_DeliversWholeEvent()
    {
        using var doc = JsonDocument.Parse(Event);
        var rendered = TargetInput.Render(doc.RootElement, null, null, null, Context);
        Assert.Equal(Event, rendered.Body);
    }

    [Fact]
    public void Render_InputPath_DeliversSelectedValue() =>
        Assert.Equal("""{"method":"card"}""", Render(inputPath: "$.detail.payment").Body);

    [Fact]
    public void Render_WildcardPath_SelectsTheArrayOfMatches() =>
        Assert.Equal("{\"skus\": [\"a\",\"b\"]}", Render(map: new() { ["t"] = "$.detail.tags[*]" }, template: "{\"skus\": <t>}").Body);

    [Fact]
    public void Render_InputPathSelectingNothing_IsNotDelivered() =>
        Assert.False(Render(inputPath: "$.detail.absent").Delivered);

    [Fact]
    public void Render_StringTemplate_InsertsObjectsWithoutQuotes()
    {
        var rendered = Render(map: new() { ["p"] = "$.detail.payment", ["t"] = "$.detail.tags", ["v"] = "$.detail.vip" }, template: "\"<p> <t> <v>\"");
        Assert.Equal("\"{method:card} [a,b] true\"", rendered.Body);
    }

    [Fact]
    public void Render_JsonTemplate_QuotesStringsAndKeepsJson()
    {
        var rendered = Render(map: new() { ["id"] = "$.detail.orderId", ["p"] = "$.detail.payment", ["none"] = "$.detail.nothing" }, template: """{"id": <id>, "path": "orders/<id>", "payment": <p>, "none": <none>}""");
        Assert.True(rendered.Delivered);
        Assert.Equal("""{"id": "ORD-1", "path": "orders/ORD-1", "payment": {"method":"card"}, "none": ""}""", rendered.Body);
    }

    [Fact]
    public void Render_ObjectInsideQuotesOfJsonTemplate_IsNotDelivered() =>
        Assert.False(Render(map: new() { ["p"] = "$.detail.payment" }, template: """{"payment": "<p>"}""").Delivered);

    [Fact]
    public void Render_PredefinedVariables_AreFilledFromContext()
    {
        var rendered = Render(template: "\"<aws.events.rule-name> <aws.events.rule-arn> <aws.events.event.ingestion-time>\"");
        Assert.Equal($"\"OrderCreated {Context.RuleArn} 2026-01-01T00:00:00Z\"", rendered.Body);
    }

    [Fact]
    public void Render_EventVariable_OmitsDetailAndRenamesDetailType()
    {
        var rendered = Render(template: """{"e": <aws.events.event>}""");
        using var doc = JsonDocument.Parse(rendered.Body!);
        var e = doc.RootElement.GetProperty("e");
        Assert.False(e.TryGetProperty("detail", out _));
        Assert.Equal("Order Created", e.GetProperty("detailType").GetString());
    }
}
