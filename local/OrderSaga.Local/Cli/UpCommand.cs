using System.CommandLine;
using System.Diagnostics;
using OrderSaga.Local.Cloud;

namespace OrderSaga.Local.Cli;

/// <summary><c>up</c>: deploy the synthesized stack on the local cloud and serve until stopped (Ctrl+C).</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var options = new CloudOptions();
        var parent = new Option<int?>("--exit-with-parent")
        {
            Description = "Stop when the process with this id exits (a program that runs the local cloud as its child, such as chaos).",
            Hidden = true,
        };
        var command = new Command("up", "Synthesize if needed, deploy the stack on local engines and serve the AWS-compatible endpoint until stopped.");
        options.AddTo(command);
        command.Options.Add(parent);
        command.SetAction(async (ParseResult result, CancellationToken stopped) =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopped);
            if (result.GetValue(parent) is { } parentId)
            {
                _ = StopWhenGoneAsync(parentId, stop);
            }

            var cancellationToken = stop.Token;
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

    /// <summary>A parent killed with SIGKILL cannot stop its child; the child notices instead, and stops cleanly.</summary>
    private static async Task StopWhenGoneAsync(int parentId, CancellationTokenSource stop)
    {
        try
        {
            using var parent = Process.GetProcessById(parentId);
            await parent.WaitForExitAsync(stop.Token);
        }
        catch (ArgumentException)
        {
            // Already gone before we looked.
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Console.WriteLine($"The parent process {parentId} has exited.");
        await stop.CancelAsync();
    }
}
