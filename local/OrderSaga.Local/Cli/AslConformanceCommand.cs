using System.CommandLine;

namespace OrderSaga.Local.Cli;

// Placeholder until the Asl engine's conformance runner lands; replaced by that work.
internal static class AslConformanceCommand
{
    public static Command Create()
    {
        var command = new Command("asl", "Run Asl conformance cases.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("conformance asl: not built yet");
            return 2;
        });
        return command;
    }
}
