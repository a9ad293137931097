using System.CommandLine;
using OrderSaga.Local.Cli;

var root = new RootCommand("OrderSaga local cloud: run the synthesized saga stack on local engines, and check those engines against AWS's recorded behaviour.");
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(ExecutionsCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(ChaosCommand.Create());
root.Subcommands.Add(CostCommand.Create());
// Ctrl+C / SIGTERM cancel the command, which then stops the local cloud's child processes (dynalite, Lambda workers);
// System.CommandLine's default of 2 s ends the process before that is done and leaves them running.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(45) });
