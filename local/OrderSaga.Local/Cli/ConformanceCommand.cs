using System.CommandLine;

namespace OrderSaga.Local.Cli;

/// <summary><c>conformance asl|eventbridge</c>: run recorded AWS cases against the local engines and report.</summary>
internal static class ConformanceCommand
{
    public static Command Create()
    {
        var command = new Command("conformance", "Run AWS-recorded conformance cases against the local engines and report pass rates.");
        command.Subcommands.Add(AslConformanceCommand.Create());
        command.Subcommands.Add(EventBridgeConformanceCommand.Create());
        return command;
    }
}
