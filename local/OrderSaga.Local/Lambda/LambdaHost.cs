using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OrderSaga.Local.Lambda;

/// <summary>
/// The local Lambda service: the registry of deployed functions and their worker pools. Workers reach it
/// through the Runtime API routes (<see cref="RuntimeApiEndpoints"/>), whose address must be attached with
/// <see cref="AttachRuntimeApi"/> before the first invocation.
/// </summary>
internal sealed class LambdaHost : IAsyncDisposable
{
    private readonly LambdaHostOptions _options;
    private readonly IFaultInjector? _faults;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, FunctionPool> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LambdaWorker> _workers = new(StringComparer.Ordinal);
    private string? _runtimeApiAddress;

    public LambdaHost(LambdaHostOptions? options = null, IFaultInjector? faults = null, ILogger<LambdaHost>? logger = null)
    {
        _options = options ?? new LambdaHostOptions();
        _faults = faults;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public LambdaHostOptions Options => _options;

    /// <summary>Raised, on the worker's request thread, for every invocation a function answered (benchmarks listen).</summary>
    public event Action<LambdaInvocationTiming>? InvocationCompleted;

    /// <summary>Where workers reach the Runtime API, as <c>host:port/prefix</c> (AWS_LAMBDA_RUNTIME_API gets <c>/&lt;worker id&gt;</c> appended).</summary>
    public string? RuntimeApiAddress => _runtimeApiAddress;

    public void AttachRuntimeApi(string hostPortAndPrefix) => _runtimeApiAddress = hostPortAndPrefix.TrimEnd('/');

    /// <summary>Registers a function; its asset folder and runtime must be usable, or this throws with the reason.</summary>
    public void Deploy(LambdaFunctionConfiguration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (!function.Runtime.StartsWith("dotnet", StringComparison.Ordinal))
        {
            throw new ArgumentException($"function {function.Name}: runtime '{function.Runtime}' is not supported locally (only the .NET managed runtimes are)", nameof(function));
        }

        if (!Directory.Exists(function.AssetPath))
        {
            throw new ArgumentException($"function {function.Name}: asset folder {function.AssetPath} does not exist", nameof(function));
        }

        var pool = new FunctionPool(function, _options, _workers, RequireRuntimeApi, _logger, timing => InvocationCompleted?.Invoke(timing));
        if (_functions.TryGetValue(function.Name, out var previous))
        {
            previous.Dispose();
        }

        _functions[function.Name] = pool;
    }

    public IReadOnlyList<LambdaFunctionConfiguration> ListFunctions() =>
        [.. _functions.Values.Select(p => p.Configuration).OrderBy(f => f.Name, StringComparer.Ordinal)];

    /// <summary>Finds a function by name, ARN, or <c>name:$LATEST</c>, as Lambda's FunctionName parameter accepts.</summary>
    public LambdaFunctionConfiguration? FindFunction(string nameOrArn) => FindPool(nameOrArn)?.Configuration;

    /// <summary>Invokes a function synchronously (RequestResponse), with Lambda's result shape; throws <see cref="LambdaFunctionNotFoundException"/> for an unknown function.</summary>
    public Task<LambdaInvokeResult> InvokeAsync(string functionNameOrArn, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var pool = FindPool(functionNameOrArn) ?? throw new LambdaFunctionNotFoundException(functionNameOrArn);
        var fault = _faults?.TakeFault(pool.Configuration.Name);
        return pool.InvokeAsync(payload, fault, cancellationToken);
    }

    public LambdaFunctionMetrics GetMetrics(string functionName) =>
        (FindPool(functionName) ?? throw new LambdaFunctionNotFoundException(functionName)).Metrics();

    /// <summary>The last lines the function's workers wrote (stdout and stderr), oldest first, prefixed with the worker id.</summary>
    public IReadOnlyList<string> RecentLogs(string functionName) =>
        (FindPool(functionName) ?? throw new LambdaFunctionNotFoundException(functionName)).RecentLogs();

    internal LambdaWorker? FindWorker(string workerId) => _workers.GetValueOrDefault(workerId);

    public ValueTask DisposeAsync()
    {
        foreach (var pool in _functions.Values)
        {
            pool.Dispose();
        }

        _functions.Clear();
        return ValueTask.CompletedTask;
    }

    private FunctionPool? FindPool(string nameOrArn)
    {
        var name = nameOrArn;
        const string arnMarker = ":function:";
        var marker = name.IndexOf(arnMarker, StringComparison.Ordinal);
        if (marker >= 0)
        {
            name = name[(marker + arnMarker.Length)..];
        }

        var qualifier = name.IndexOf(':', StringComparison.Ordinal);
        if (qualifier >= 0 && name[(qualifier + 1)..] == "$LATEST")
        {
            name = name[..qualifier];
        }

        return _functions.GetValueOrDefault(name);
    }

    private string RequireRuntimeApi() =>
        _runtimeApiAddress ?? throw new InvalidOperationException("the Lambda Runtime API is not attached: map RuntimeApiEndpoints and call AttachRuntimeApi, or start a LambdaRuntimeApiServer");
}
