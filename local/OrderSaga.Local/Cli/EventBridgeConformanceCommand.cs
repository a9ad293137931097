using System.CommandLine;

namespace OrderSaga.Local.Cli;

// Placeholder until the EventBridge engine's conformance runner lands; replaced by that work.
internal static class EventBridgeConformanceCommand
{
    public static Command Create()
    {
        var command = new Command("eventbridge", "Run EventBridge conformance cases.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("conformance eventbridge: not built yet");
            return 2;
        });
        return command;
    }
}
