using System.Text;
using System.Text.Json;

namespace OrderSaga.Local.Events.Tests;

public sealed class EventPatternTests
{
    private const string OrderEvent = """
        {"version":"0","id":"e1","detail-type":"Order Created","source":"ordersaga.orders","account":"111111111111",
         "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
         "detail":{"orderId":"ORD-1001","totalAmount":25.00,"currency":"USD",
                   "items":[{"sku":"SKU-RED-MUG","quantity":2},{"sku":"SKU-BLUE-CUP","quantity":1}],
                   "payment":{"method":"card","token":"tok_visa"},"note":null}}
        """;

    private static bool Matches(string pattern, string @event = OrderEvent)
    {
        using var doc = JsonDocument.Parse(@event);
        return EventPattern.Parse(pattern).Matches(doc.RootElement);
    }

    [Theory]
    [InlineData("""{"source":["ordersaga.orders"],"detail-type":["Order Created"]}""", true)]
    [InlineData("""{"detail":{"totalAmount":[{"numeric":[">",0]}],"orderId":[{"exists":true}]}}""", true)]
    [InlineData("""{"detail":{"totalAmount":[25]}}""", true)]
    [InlineData("""{"detail":{"totalAmount":["25"]}}""", false)]
    [InlineData("""{"detail":{"note":[null]}}""", true)]
    [InlineData("""{"detail":{"note":[{"exists":true}]}}""", true)]
    [InlineData("""{"detail":{"payment":[{"exists":true}]}}""", false)]
    [InlineData("""{"detail":{"payment":[{"exists":false}]}}""", true)]
    [InlineData("""{"detail":{"payment.method":["card"]}}""", true)]
    [InlineData("""{"detail":{"items":{"sku":["SKU-RED-MUG"],"quantity":[2]}}}""", true)]
    [InlineData("""{"detail":{"items":{"sku":["SKU-RED-MUG"],"quantity":[1]}}}""", false)]
    [InlineData("""{"detail":{"currency":[{"anything-but":["EUR","GBP"]}]}}""", true)]
    [InlineData("""{"detail":{"missing":[{"anything-but":"x"}]}}""", false)]
    [InlineData("""{"$or":[{"source":["nope"]},{"detail":{"currency":[{"equals-ignore-case":"usd"}]}}]}""", true)]
    [InlineData("""{"detail":{"orderId":[{"wildcard":"ORD-*"}],"payment":{"token":[{"prefix":{"equals-ignore-case":"TOK_"}}]}}}""", true)]
    public void Matches_OrderEvent_AsAwsDoes(string pattern, bool expected) => Assert.Equal(expected, Matches(pattern));

    [Fact]
    public void Matches_IpLiteral_ComparesByAddressNotText() =>
        Assert.True(Matches("""{"ip":["2001:db8::1"]}""", """{"ip":"2001:0db8:0000:0000:0000:0000:0000:0001"}"""));

    [Fact]
    public void Matches_CidrOnIpv4_ChecksTheBlock()
    {
        Assert.True(Matches("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", """{"ip":"10.200.3.4"}"""));
        Assert.False(Matches("""{"ip":[{"cidr":"10.0.0.0/8"}]}""", """{"ip":"11.0.0.1"}"""));
    }

    [Fact]
    public void Parse_DuplicateKey_LastOneWins() =>
        Assert.True(Matches("""{"a":["x"],"a":["y"]}""", """{"a":"y"}"""));

    [Theory]
    [InlineData("""{"a":"x"}""", "\"a\" must be an object or an array")]
    [InlineData("""{"a":[]}""", "Empty arrays are not allowed")]
    [InlineData("""{}""", "Empty objects are not allowed")]
    [InlineData("""{"a":[{"numeric":[">",5,"<",1]}]}""", "Bottom must be less than top")]
    [InlineData("""{"a":[{"numeric":["<",1,">",0]}]}""", "Too many elements in numeric expression")]
    [InlineData("""{"$or":[{"a":["x"]}]}""", "There must have at least 2 Objects in $or relationship.")]
    [InlineData("""{"$or":[{"numeric":["x"]},{"b":["y"]}]}""", "numeric is Ruler reserved fieldName which cannot be used inside $or.")]
    [InlineData("""{"a":[{"wildcard":"a**b"}]}""", "Consecutive wildcard characters at pos 2")]
    [InlineData("""{"a":[{"wildcard":"a\\b"}]}""", "Invalid escape character at pos 2")]
    [InlineData("""{"a": [1, 2 3]}""", "Unexpected character ('3' (code 51)): was expecting comma to separate Array entries")]
    [InlineData("""{"a": [tru]}""", "Unrecognized token 'tru': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')")]
    public void Parse_InvalidPattern_GivesAwsReason(string pattern, string reason)
    {
        var error = Assert.Throws<InvalidEventPatternException>(() => EventPattern.Parse(pattern));
        Assert.Equal(reason, error.Reason);
        Assert.Equal("Event pattern is not valid. Reason: " + reason, error.Message);
    }

    [Fact]
    public void Parse_DeeplyNestedOr_IsRejectedWithoutOverflow()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            sb.Append("{\"$or\":[");
        }

        Assert.False(EventPattern.TryParse(sb.ToString(), out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void TryParse_MutatedPatterns_NeverThrowAnythingElse()
    {
        const string seed = """{"source":["a"],"detail":{"n":[{"numeric":[">",0,"<=",5]}],"s":[{"anything-but":{"prefix":"x"}}],"w":[{"wildcard":"a*b"}],"$or":[{"c":[{"cidr":"10.0.0.0/24"}]},{"d":[{"exists":false}]}]}}""";
        const string alphabet = "{}[]\":,\\ abn0123456789.-eE*/$tfrul";
        var random = new Random(20260101);
        for (var i = 0; i < 20_000; i++)
        {
            var chars = seed.ToCharArray();
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits; e++)
            {
                chars[random.Next(chars.Length)] = alphabet[random.Next(alphabet.Length)];
            }

            var text = new string(chars, 0, random.Next(1, chars.Length + 1));
            if (EventPattern.TryParse(text, out var pattern, out var error))
            {
                Assert.Null(error);
                Assert.NotNull(pattern);
            }
            else
            {
                Assert.StartsWith("Event pattern is not valid. Reason: ", error!.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Test_EventWithoutEnvelope_IsParameterEventNotValid()
    {
        var result = EventPatternTester.Test("""{"a":["b"]}""", """{"a":"b"}""");
        Assert.Equal(new AwsError("ValidationException", "Parameter Event is not valid."), result.Error);
    }
}
