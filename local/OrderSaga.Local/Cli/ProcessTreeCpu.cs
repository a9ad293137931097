using System.Globalization;

namespace OrderSaga.Local.Cli;

/// <summary>
/// CPU time (user + system) of this process and of every process under it, grouped as the local cloud's parts: the
/// host (engines, endpoint, proxy), dynalite (node) and the Lambda workers (dotnet). Read from /proc, so Linux only;
/// elsewhere <see cref="Sample"/> returns null. Processes that already exited are not counted.
/// </summary>
internal static class ProcessTreeCpu
{
    public const string Host = "local cloud host";
    public const string Dynalite = "dynalite (node)";
    public const string Workers = "Lambda workers";
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux the SDK supports.

    public static IReadOnlyDictionary<string, TimeSpan>? Sample()
    {
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/proc/self/task"))
        {
            return null;
        }

        var totals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal) { [Host] = TimeSpan.Zero, [Dynalite] = TimeSpan.Zero, [Workers] = TimeSpan.Zero };
        var self = Environment.ProcessId;
        var pending = new Stack<int>([self]);
        var seen = new HashSet<int>();
        while (pending.TryPop(out var pid))
        {
            if (!seen.Add(pid) || Cpu(pid) is not { } cpu)
            {
                continue;
            }

            var group = pid == self ? Host : Classify(pid);
            totals[group] += cpu;
            foreach (var child in Children(pid))
            {
                pending.Push(child);
            }
        }

        return totals;
    }

    public static IReadOnlyDictionary<string, TimeSpan>? Difference(IReadOnlyDictionary<string, TimeSpan>? before, IReadOnlyDictionary<string, TimeSpan>? after) =>
        before is null || after is null ? null : after.ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key), StringComparer.Ordinal);

    private static string Classify(int pid)
    {
        try
        {
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline");
            return cmdline.Contains("LambdaRuntime", StringComparison.Ordinal) ? Workers
                : cmdline.Contains("node", StringComparison.Ordinal) || cmdline.Contains("dynalite", StringComparison.Ordinal) ? Dynalite
                : Host;
        }
        catch (IOException)
        {
            return Host;
        }
    }

    private static TimeSpan? Cpu(int pid)
    {
        try
        {
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15 (1-based).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static List<int> Children(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var file = Path.Combine(task, "children");
                if (!File.Exists(file))
                {
                    continue;
                }

                foreach (var part in File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var child))
                    {
                        children.Add(child);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The process ended while being read.
        }

        return children;
    }
}
