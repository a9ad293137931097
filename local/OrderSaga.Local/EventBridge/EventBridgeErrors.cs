using OrderSaga.Local.Endpoint;
using OrderSaga.Local.Events;

namespace OrderSaga.Local.EventBridge;

/// <summary>EventBridge API errors with AWS's names and messages.</summary>
internal static class EventBridgeErrors
{
    public static AwsJsonError From(AwsError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new AwsJsonError(error.Code, error.Message, error.HttpStatus);
    }

    public static AwsJsonError Validation(string message) => AwsJsonError.Validation(message);

    public static AwsJsonError EventBusNotFound(string name) => new("ResourceNotFoundException", $"Event bus {name} does not exist.");

    public static AwsJsonError RuleNotFound(string rule, string bus) => new("ResourceNotFoundException", $"Rule {rule} does not exist on EventBus {bus}.");

    public static AwsJsonError ArchiveNotFound(string name) => new("ResourceNotFoundException", $"Archive {name} does not exist.");

    public static AwsJsonError ReplayNotFound(string name) => new("ResourceNotFoundException", $"Replay {name} does not exist.");

    public static AwsJsonError ArchiveExists(string name) => new("ResourceAlreadyExistsException", $"Archive {name} already exists.");

    public static AwsJsonError ReplayExists(string name) => new("ResourceAlreadyExistsException", $"Replay {name} already exists.");

    public static AwsJsonError InvalidEventPattern(InvalidEventPatternException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new AwsJsonError(InvalidEventPatternException.ErrorCode, error.Message);
    }

    public static AwsJsonError Missing(string member) =>
        Validation($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
}
