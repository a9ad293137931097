using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using OrderSaga.Local.Cli;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>
/// The chaos run's core on the shared local cloud, for generated seeds, fault rates and order mixes: whatever faults
/// the cloud injects, every order ends and every invariant holds. No restarts here (the fixture's cloud is shared);
/// the <c>chaos</c> command restarts its own.
/// </summary>
[Collection(LocalCloudGroup.Name)]
public sealed class ChaosPropertyTests(LocalCloudFixture fixture)
{
    private static int runs;

    [Property(Arbitrary = [typeof(ChaosCaseArbitrary)], MaxTest = 4)]
    public async Task Run_RandomFaultsAndOrders_KeepsEveryInvariant(ChaosCase chaosCase)
    {
        var result = await RunAsync(chaosCase);

        var verdict = result.Verdict;
        Assert.True(
            verdict.Violations.Count == 0,
            $"{chaosCase}: {verdict.Violations.Count} violation(s):{Environment.NewLine}{string.Join(Environment.NewLine, verdict.Violations.Select(v => $"  {v.Invariant} {v.OrderId}: {v.Detail}"))}");
        Assert.True(result.Ended, $"{chaosCase}: the run stopped waiting before every order ended");
        Assert.All(verdict.Outcomes, o => Assert.True(ChaosOutcomes.IsTerminal(o.Value), $"{o.Key} ended {o.Value}"));
        Assert.Equal(chaosCase.Orders, verdict.Outcomes.Count);
        Assert.True(result.Faults.Enabled, "the cloud did not have chaos switched on");
        Assert.True(result.Faults.Total > 0, $"{chaosCase}: no fault was injected in {result.Faults.Calls} calls");
    }

    private async Task<ChaosRunResult> RunAsync(ChaosCase chaosCase)
    {
        var cloud = fixture.Cloud;
        var tag = string.Create(CultureInfo.InvariantCulture, $"P{Interlocked.Increment(ref runs)}-{Guid.NewGuid().ToString("N")[..6]}");

        using var http = new HttpClient { BaseAddress = cloud.Endpoint };
        using (var on = await http.PostAsJsonAsync("/_local/chaos", new JsonObject { ["seed"] = chaosCase.Seed, ["rate"] = chaosCase.Rate }))
        {
            Assert.True(on.IsSuccessStatusCode, $"POST /_local/chaos answered {(int)on.StatusCode}: {await on.Content.ReadAsStringAsync()}");
        }

        try
        {
            var options = new ChaosRunOptions
            {
                Orders = chaosCase.Orders,
                Seed = chaosCase.Seed,
                FaultRate = chaosCase.Rate,
                Tag = tag,
                Mix = chaosCase.Mix,
                Timeout = TimeSpan.FromMinutes(2),
                StallTimeout = TimeSpan.FromSeconds(20),
            };
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(4));
            return await new ChaosRunner(new FixtureChaosCloud(cloud.Endpoint), options, TextWriter.Null).RunAsync(limit.Token);
        }
        finally
        {
            using var off = await http.DeleteAsync(new Uri("/_local/chaos", UriKind.Relative));
        }
    }
}
