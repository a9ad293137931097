using System.Diagnostics;

namespace OrderSaga.Local.Cli;

/// <summary>Runs a phase of the benchmark and measures it the way the peer does: wall time, CPU time, per-item latency, RSS.</summary>
internal static class BenchMeter
{
    public static double MB(long bytes) => Math.Round(bytes / 1048576.0, 1);

    public static double PeakRssMB()
    {
        using var self = Process.GetCurrentProcess();
        return MB(self.PeakWorkingSet64);
    }

    public static double CpuMs()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    public static void FullGc()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>Runs <paramref name="runOne"/> for 0..total-1, one at a time or with <paramref name="concurrency"/> in flight.</summary>
    public static async Task<BenchPhaseResult> RunAsync(string name, int total, int concurrency, Func<int, Task> runOne)
    {
        FullGc();
        var rssBefore = MB(Environment.WorkingSet);
        var peak = Environment.WorkingSet;
        using var sampler = new Timer(_ => InterlockedMax(ref peak, Environment.WorkingSet), null, 20, 20);
        var latency = new long[total];
        var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
        var gcs0 = GC.CollectionCount(0);
        var gcPause0 = GC.GetTotalPauseDuration();
        var cpu0 = CpuMs();
        var t0 = Stopwatch.GetTimestamp();
        if (concurrency <= 1)
        {
            for (var i = 0; i < total; i++)
            {
                var s = Stopwatch.GetTimestamp();
                await runOne(i);
                latency[i] = Stopwatch.GetTimestamp() - s;
            }
        }
        else
        {
            var next = -1;
            async Task Worker()
            {
                while (true)
                {
                    var i = Interlocked.Increment(ref next);
                    if (i >= total)
                    {
                        return;
                    }

                    var s = Stopwatch.GetTimestamp();
                    await runOne(i);
                    latency[i] = Stopwatch.GetTimestamp() - s;
                }
            }

            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        }

        var wallMs = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        var cpuMs = CpuMs() - cpu0;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
        var gcs = GC.CollectionCount(0) - gcs0;
        var gcPauseMs = (GC.GetTotalPauseDuration() - gcPause0).TotalMilliseconds;
        await sampler.DisposeAsync();
        InterlockedMax(ref peak, Environment.WorkingSet);
        var rssAfter = MB(Environment.WorkingSet);
        var heapAfter = MB(GC.GetTotalMemory(false));
        var sorted = latency.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        return new BenchPhaseResult(name, total, concurrency, wallMs, cpuMs, sorted, rssBefore, rssAfter, MB(peak), heapAfter, allocated, gcs, gcPauseMs);
    }

    public static double Median(IEnumerable<double> values)
    {
        var s = values.Order().ToArray();
        return s.Length == 0 ? double.NaN : s[s.Length / 2];
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
