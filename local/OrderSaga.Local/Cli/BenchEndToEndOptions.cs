namespace OrderSaga.Local.Cli;

/// <summary>What <c>bench e2e</c> runs: orders per level, the levels of orders in flight, the mix, the clock, the warm-up.</summary>
internal sealed record BenchEndToEndOptions(int Orders, IReadOnlyList<int> Levels, bool Mixed, bool VirtualClock, int Warmup);
