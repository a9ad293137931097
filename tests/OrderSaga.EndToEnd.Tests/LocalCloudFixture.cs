using System.Text;
using OrderSaga.Local.Cloud;
using OrderSaga.Testing;

namespace OrderSaga.EndToEnd.Tests;

/// <summary>
/// One local cloud for every end-to-end test: starting it (dynalite, three Lambda runtimes, possibly a cdk synth)
/// costs far more than any one saga. Tests share it and keep apart through unique order ids and SKUs.
/// </summary>
public sealed class LocalCloudFixture : IAsyncLifetime
{
    private readonly StringBuilder log = new();

    internal LocalCloud Cloud { get; private set; } = null!;

    internal SagaDriver Driver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var writer = new StringWriter(log);
        try
        {
            Cloud = await LocalCloud.StartAsync(
                new LocalCloudOptions
                {
                    Port = 0,
                    VirtualClock = true,
                    Seed = 1,
                    RepositoryRoot = RepositoryPaths.Root,
                    SynthesizeIfStale = true,
                },
                writer,
                limit.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // What it printed (the synth, the resources it created) is what explains a failed start.
            throw new InvalidOperationException($"The local cloud did not start: {ex.Message}{Environment.NewLine}{log}", ex);
        }

        Driver = new SagaDriver(Cloud);
    }

    public async Task DisposeAsync()
    {
        Driver?.Dispose();
        if (Cloud is not null)
        {
            await Cloud.DisposeAsync();
        }
    }
}
