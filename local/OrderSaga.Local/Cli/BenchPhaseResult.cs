using System.Globalization;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>One measured phase, with the same fields as the peer's phase records (peer-bench.mjs <c>phase</c>).</summary>
internal sealed record BenchPhaseResult(
    string Phase,
    int Executions,
    int Concurrency,
    double WallMs,
    double CpuMs,
    double[] LatencyMsSorted,
    double RssBeforeMB,
    double RssAfterMB,
    double PeakRssMB,
    double ManagedHeapAfterMB,
    long AllocatedBytes,
    int GcCount,
    double GcPauseMs)
{
    public double ExecPerSec => Executions / (WallMs / 1000);

    public double CpuMsPerExec => CpuMs / Executions;

    public double AllocatedKBPerExec => AllocatedBytes / 1024.0 / Executions;

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    /// <summary>The peer's nearest-rank percentile, so both sides pick the same sample.</summary>
    public double Percentile(double p)
    {
        var sorted = LatencyMsSorted;
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var idx = Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1);
        return sorted[Math.Max(0, idx)];
    }

    public JsonObject ToJson() => new()
    {
        ["phase"] = Phase,
        ["executions"] = Executions,
        ["concurrency"] = Concurrency,
        ["wallMs"] = Math.Round(WallMs, 1),
        ["execPerSec"] = Math.Round(ExecPerSec, 1),
        ["cpuMs"] = Math.Round(CpuMs, 1),
        ["cpuMsPerExec"] = Math.Round(CpuMsPerExec, 4),
        ["cpuUtilisation"] = Math.Round(CpuMs / WallMs, 2),
        ["latency"] = new JsonObject
        {
            ["n"] = LatencyMsSorted.Length,
            ["meanMs"] = Math.Round(LatencyMsSorted.Length == 0 ? double.NaN : LatencyMsSorted.Average(), 4),
            ["p50Ms"] = Math.Round(P50, 4),
            ["p90Ms"] = Math.Round(Percentile(90), 4),
            ["p99Ms"] = Math.Round(P99, 4),
            ["p999Ms"] = Math.Round(Percentile(99.9), 4),
            ["maxMs"] = Math.Round(LatencyMsSorted.Length == 0 ? double.NaN : LatencyMsSorted[^1], 4),
        },
        ["rssBeforeMB"] = RssBeforeMB,
        ["rssAfterMB"] = RssAfterMB,
        ["peakRssMB"] = PeakRssMB,
        ["managedHeapAfterMB"] = ManagedHeapAfterMB,
        ["allocatedKBPerExec"] = Math.Round(AllocatedKBPerExec, 2),
        ["gcCount"] = GcCount,
        ["gcPauseMs"] = Math.Round(GcPauseMs, 1),
    };

    public string Line() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Phase,-14} {ExecPerSec,9:0.0} exec/s  cpu/exec {CpuMsPerExec:0.0000} ms  lat p50 {P50:0.000} p90 {Percentile(90):0.000} p99 {P99:0.000} max {LatencyMsSorted[^1]:0.00} ms  rss {RssBeforeMB}->{RssAfterMB} (peak {PeakRssMB}) MB  alloc {AllocatedKBPerExec:0.0} KB/exec  gc {GcCount} ({GcPauseMs:0} ms paused)");
}
