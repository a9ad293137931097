using OrderSaga.Local.Cli;
using OrderSaga.Testing;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>
/// The chaos run as the command does it: its own local cloud as a child process with faults switched on, SIGKILLed and
/// started again every few orders on the same data. In the local-cloud collection only so it does not compete with the
/// shared cloud's tests for the CPU.
/// </summary>
[Collection(LocalCloudGroup.Name)]
public sealed class ChaosRestartTests
{
    [Fact]
    public async Task Run_CloudKilledEveryEightOrders_EveryOrderEndsAndEveryInvariantHolds()
    {
        var work = Directory.CreateTempSubdirectory("ordersaga-chaos-test-");
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await using var cloud = await ChaosCloudProcess.StartAsync(
                Path.Combine(work.FullName, "data"), seed: 17, faultRate: 0.2, Path.Combine(work.FullName, "cloud.log"), RepositoryPaths.Root, TextWriter.Null, limit.Token);
            var options = new ChaosRunOptions
            {
                Orders = 24,
                Seed = 17,
                FaultRate = 0.2,
                RestartEvery = 8,
                Tag = "R17",
                Mix = new ChaosMix(Malformed: 0.1, OverStock: 0.1, Declined: 0.1, Duplicate: 0.2),
                Timeout = TimeSpan.FromMinutes(2),
                StallTimeout = TimeSpan.FromSeconds(30),
            };

            var result = await new ChaosRunner(cloud, options, TextWriter.Null).RunAsync(limit.Token);

            Assert.True(
                result.Verdict.Violations.Count == 0,
                string.Join(Environment.NewLine, result.Verdict.Violations.Select(v => $"{v.Invariant} {v.OrderId}: {v.Detail}")));
            Assert.Equal(3, result.RunningAtRestart.Count);
            Assert.True(result.Ended);
            Assert.Equal(24, result.Verdict.Outcomes.Values.Count(ChaosOutcomes.IsTerminal));
            Assert.True(result.Faults.Total > 0, $"no fault injected in {result.Faults.Calls} calls");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
