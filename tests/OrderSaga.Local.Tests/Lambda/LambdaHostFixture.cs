using System.Reflection;
using OrderSaga.Local.Lambda;

namespace OrderSaga.Local.Tests.Lambda;

/// <summary>One Lambda host with its Runtime API on a loopback port, and the test handlers deployed as functions.</summary>
public sealed class LambdaHostFixture : IAsyncLifetime
{
    private const string Assembly = "OrderSaga.Local.TestHandlers";
    private const string Functions = "OrderSaga.Local.TestHandlers.Functions";
    private LambdaRuntimeApiServer? _server;

    internal LambdaHost Host { get; private set; } = null!;

    internal FaultPlan Faults { get; } = new();

    public static string HandlersFolder { get; } = Path.GetFullPath(typeof(LambdaHostFixture).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestHandlersFolder").Value!);

    public async Task InitializeAsync()
    {
        Host = new LambdaHost(new LambdaHostOptions { MaxWorkersPerFunction = 3, EndpointUrl = "http://127.0.0.1:4566" }, Faults);
        _server = await LambdaRuntimeApiServer.StartAsync(Host);
        Deploy("echo", $"{Assembly}::{Functions}::Echo", environment: new Dictionary<string, string> { ["GREETING"] = "hello", ["AWS_REGION"] = "template-cannot-override" });
        Deploy("echo-async", $"{Assembly}::{Functions}::EchoAsync");
        Deploy("static-echo", $"{Assembly}::{Functions}::StaticEcho");
        Deploy("ignore", $"{Assembly}::{Functions}::Ignore");
        Deploy("ignore-async", $"{Assembly}::{Functions}::IgnoreAsync");
        Deploy("count", $"{Assembly}::{Functions}::Count");
        Deploy("env", $"{Assembly}::{Functions}::ReadEnvironment", environment: new Dictionary<string, string> { ["GREETING"] = "hello" });
        Deploy("throw", $"{Assembly}::{Functions}::Throw");
        Deploy("throw-async", $"{Assembly}::{Functions}::ThrowAsync");
        Deploy("hang", $"{Assembly}::{Functions}::Hang", timeoutSeconds: 1);
        Deploy("exit", $"{Assembly}::{Functions}::Exit");
        Deploy("broken", $"{Assembly}::OrderSaga.Local.TestHandlers.BrokenFunction::Handle");
        Deploy("no-method", $"{Assembly}::{Functions}::Missing");
        Deploy("wrong-signature", $"{Assembly}::{Functions}::WrongSignature");
        Deploy("no-assembly", "Missing.Assembly::Missing.Type::Handle");
        Deploy("rendezvous", $"{Assembly}::{Functions}::Rendezvous", timeoutSeconds: 120);
        Deploy("dependency", $"{Assembly}::{Functions}::UseDependency");
        Deploy("faulty", $"{Assembly}::{Functions}::Echo");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private void Deploy(string name, string handler, int timeoutSeconds = 60, Dictionary<string, string>? environment = null) =>
        Host.Deploy(new LambdaFunctionConfiguration(
            name,
            $"arn:aws:lambda:us-east-1:000000000000:function:{name}",
            handler,
            "dotnet8",
            timeoutSeconds,
            256,
            environment ?? [],
            HandlersFolder));
}
