using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OrderSaga.Local.Lambda;

/// <summary>The Runtime API on its own loopback port, for tests and for hosts that do not serve it on the main endpoint.</summary>
internal sealed class LambdaRuntimeApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LambdaRuntimeApiServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the server on a free loopback port and attaches it to <paramref name="host"/>.</summary>
    public static async Task<LambdaRuntimeApiServer> StartAsync(LambdaHost host, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapLambdaRuntimeApi(host);
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        host.AttachRuntimeApi($"{address.Host}:{address.Port}{RuntimeApiEndpoints.DefaultPrefix}");
        return new LambdaRuntimeApiServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
