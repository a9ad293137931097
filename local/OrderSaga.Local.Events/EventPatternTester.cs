using System.Text.Json;

namespace OrderSaga.Local.Events;

/// <summary>The TestEventPattern API: validates the pattern, then the event (an object with AWS's envelope fields).</summary>
public static class EventPatternTester
{
    private static readonly string[] RequiredEnvelopeFields = ["id", "account", "source", "time", "region", "detail-type"];

    public static TestEventPatternResult Test(string eventPattern, string @event)
    {
        if (!EventPattern.TryParse(eventPattern, out var pattern, out var error))
        {
            return new TestEventPatternResult(false, new AwsError(InvalidEventPatternException.ErrorCode, error!.Message));
        }

        var invalidEvent = new TestEventPatternResult(false, new AwsError("ValidationException", "Parameter Event is not valid."));
        try
        {
            using var doc = JsonDocument.Parse(@event);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || RequiredEnvelopeFields.Any(f => !root.TryGetProperty(f, out _)))
            {
                return invalidEvent;
            }

            return new TestEventPatternResult(pattern!.Matches(root), null);
        }
        catch (JsonException)
        {
            return invalidEvent;
        }
    }
}
