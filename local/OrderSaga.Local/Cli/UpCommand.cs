using System.CommandLine;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary><c>up</c>: deploy the synthesized stack on the local cloud and serve until stopped (Ctrl+C).</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var options = new CloudOptions();
        var command = new Command("up", "Synthesize if needed, deploy the stack on local engines and serve the AWS-compatible endpoint until stopped.");
        options.AddTo(command);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var cloud = await LocalCloud.StartAsync(options.Read(result), Console.Out, cancellationToken);
                Console.WriteLine($"Console: {cloud.Endpoint}console/   Health: {cloud.Endpoint}health   Stop with Ctrl+C.");
                await Task.Delay(Timeout.Infinite, cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                Console.WriteLine("Stopping the local cloud...");
                return 0;
            }
            catch (LocalCloudException ex)
            {
                await Console.Error.WriteLineAsync($"up: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
