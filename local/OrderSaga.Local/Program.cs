using System.CommandLine;
using OrderSaga.Local.Cli;

var root = new RootCommand("OrderSaga local cloud: run the synthesized saga stack on local engines, and check those engines against AWS's recorded behaviour.");
root.Subcommands.Add(UpCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(PublishCommand.Create());
root.Subcommands.Add(ExecutionsCommand.Create());
root.Subcommands.Add(ConformanceCommand.Create());
return await root.Parse(args).InvokeAsync();
