using OrderSaga.Local.Cli;

namespace OrderSaga.EndToEnd.Tests.Chaos;

/// <summary>The shared local cloud as a chaos run's target: it belongs to the fixture, so the run may not restart it.</summary>
internal sealed class FixtureChaosCloud(Uri endpoint) : IChaosCloud
{
    public Uri Endpoint => endpoint;

    public bool CanRestart => false;

    public Task RestartAsync(CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the shared local cloud cannot be restarted by a test");
}
