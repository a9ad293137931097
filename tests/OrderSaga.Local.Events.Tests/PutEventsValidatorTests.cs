using System.Text.Json;

namespace OrderSaga.Local.Events.Tests;

public sealed class PutEventsValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static PutEventsValidator Validator()
    {
        var n = 0;
        return new PutEventsValidator(new FixedTime(Now), "123456789012", "eu-west-1", () => $"id-{n++}");
    }

    private static PutEventsRequestEntry Valid(string? bus = null) => new("ordersaga.orders", "Order Created", """{"orderId":"ORD-1"}""", bus);

    [Fact]
    public void Validate_ValidEntry_BuildsTheEnvelope()
    {
        var outcome = Validator().Validate([Valid("arn:aws:events:eu-west-1:123456789012:event-bus/order-saga")]);
        Assert.Null(outcome.RequestError);
        var accepted = Assert.Single(outcome.Accepted);
        Assert.Equal("order-saga", accepted.EventBusName);
        using var doc = JsonDocument.Parse(accepted.EventJson);
        var root = doc.RootElement;
        Assert.Equal("0", root.GetProperty("version").GetString());
        Assert.Equal("id-0", root.GetProperty("id").GetString());
        Assert.Equal("Order Created", root.GetProperty("detail-type").GetString());
        Assert.Equal("123456789012", root.GetProperty("account").GetString());
        Assert.Equal("eu-west-1", root.GetProperty("region").GetString());
        Assert.Equal("2026-01-02T03:04:05Z", root.GetProperty("time").GetString());
        Assert.Equal(0, root.GetProperty("resources").GetArrayLength());
        Assert.Equal("ORD-1", root.GetProperty("detail").GetProperty("orderId").GetString());
    }

    [Fact]
    public void Validate_MixedEntries_FailsOnlyTheBadOnes()
    {
        var outcome = Validator().Validate([Valid(), new("s", "t", "[1]"), new(null, "t", "{}"), new("s", "t", null)]);
        Assert.Equal(3, outcome.FailedEntryCount);
        Assert.Equal("id-0", outcome.Entries[0].EventId);
        Assert.Equal("MalformedDetail", outcome.Entries[1].ErrorCode);
        Assert.Equal("Parameter Source is not valid. Reason: Source is a required argument.", outcome.Entries[2].ErrorMessage);
        Assert.Equal("Parameter Detail is not valid. Reason: Detail is a required argument.", outcome.Entries[3].ErrorMessage);
        Assert.Single(outcome.Accepted);
    }

    [Fact]
    public void Validate_ElevenEntries_RejectsTheWholeRequest()
    {
        var outcome = Validator().Validate(Enumerable.Repeat(Valid(), 11).ToArray());
        Assert.Equal("ValidationException", outcome.RequestError!.Code);
        Assert.EndsWith("at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10", outcome.RequestError.Message, StringComparison.Ordinal);
        Assert.Empty(outcome.Accepted);
    }

    [Fact]
    public void Validate_OverSizeLimit_RejectsTheWholeRequest()
    {
        var big = new PutEventsRequestEntry("s", "t", "{\"p\":\"" + new string('x', 256 * 1024) + "\"}");
        Assert.Equal("Total size of the entries in the request is over the limit.", Validator().Validate([big]).RequestError!.Message);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
