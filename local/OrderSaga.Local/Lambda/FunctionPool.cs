using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace OrderSaga.Local.Lambda;

/// <summary>
/// The execution environments of one function: workers are started on demand, up to a maximum, reused when
/// idle, and thrown away when they time out or exit. Each invocation holds one slot until it ends, whichever way.
/// </summary>
internal sealed class FunctionPool : IDisposable
{
    private readonly LambdaHostOptions _options;
    private readonly ConcurrentDictionary<string, LambdaWorker> _directory;
    private readonly Func<string> _runtimeApiAddress;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<LambdaWorker> _idle = new();
    private readonly ConcurrentDictionary<string, LambdaWorker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _logs = new();
    private readonly Lock _coldStartGate = new();
    private readonly Action<LambdaInvocationTiming>? _observer;
    private long _invocations;
    private long _errors;
    private long _timeouts;
    private long _crashes;
    private long _injected;
    private long _coldStarts;
    private long _billedMilliseconds;
    private TimeSpan _coldStartTotal;
    private TimeSpan? _lastColdStart;
    private bool _disposed;

    public FunctionPool(
        LambdaFunctionConfiguration configuration,
        LambdaHostOptions options,
        ConcurrentDictionary<string, LambdaWorker> directory,
        Func<string> runtimeApiAddress,
        ILogger logger,
        Action<LambdaInvocationTiming>? observer = null)
    {
        _observer = observer;
        Configuration = configuration;
        _options = options;
        _directory = directory;
        _runtimeApiAddress = runtimeApiAddress;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxWorkersPerFunction, options.MaxWorkersPerFunction);
    }

    public LambdaFunctionConfiguration Configuration { get; }

    private TimeProvider Time => _options.TimeProvider;

    public async Task<LambdaInvokeResult> InvokeAsync(ReadOnlyMemory<byte> payload, LambdaFault? fault, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Interlocked.Increment(ref _invocations);
        var requestId = Guid.NewGuid().ToString();
        if (fault is not null)
        {
            return Injected(requestId, fault);
        }

        var requested = Time.GetTimestamp();
        await _slots.WaitAsync(cancellationToken);
        var pending = new PendingInvocation(requestId, payload, Time.GetTimestamp()) { SlotWait = Time.GetElapsedTime(requested) };
        try
        {
            while (true)
            {
                var worker = TakeIdle() ?? Spawn();
                if (!worker.TryAssign(pending))
                {
                    continue;
                }

                if (!worker.Warm)
                {
                    pending.Timer = Time.CreateTimer(_ => TimeOut(worker, pending), null, _options.InitTimeout, Timeout.InfiniteTimeSpan);
                }

                break;
            }
        }
        catch
        {
            ReleaseSlot();
            throw;
        }

        return await pending.Completion.WaitAsync(cancellationToken);
    }

    /// <summary>The worker took the event from /next: the function's own timeout starts now. Returns the deadline in Unix milliseconds, or null if the invocation is already over.</summary>
    public long? OnDispatched(LambdaWorker worker, PendingInvocation pending)
    {
        if (!worker.IsCurrent(pending))
        {
            return null;
        }

        pending.Timer?.Dispose();
        pending.DispatchedTimestamp = Time.GetTimestamp();
        var timeout = TimeSpan.FromSeconds(Configuration.TimeoutSeconds);
        pending.Timer = Time.CreateTimer(_ => TimeOut(worker, pending), null, timeout, Timeout.InfiniteTimeSpan);
        return (Time.GetUtcNow() + timeout).ToUnixTimeMilliseconds();
    }

    /// <summary>The runtime posted a response or an error for the invocation; false when the request id is not the worker's current invocation.</summary>
    public bool OnResult(LambdaWorker worker, string requestId, byte[] body, bool isError)
    {
        var pending = worker.Detach(requestId);
        if (pending is null)
        {
            return false;
        }

        var coldStart = false;
        if (!worker.Warm)
        {
            worker.Warm = true;
            coldStart = true;
            RecordColdStart(Time.GetElapsedTime(worker.StartedTimestamp));
        }

        if (isError)
        {
            Interlocked.Increment(ref _errors);
        }

        var answered = Time.GetTimestamp();
        var handler = pending.DispatchedTimestamp == 0 ? TimeSpan.Zero : Time.GetElapsedTime(pending.DispatchedTimestamp, answered);
        Interlocked.Add(ref _billedMilliseconds, (long)Math.Ceiling(handler.TotalMilliseconds));
        _idle.Push(worker);
        ReleaseSlot();
        var result = Result(pending, isError ? LambdaInvokeResult.Unhandled : null, body, coldStart);
        _observer?.Invoke(new LambdaInvocationTiming(
            Configuration.Name,
            coldStart,
            isError,
            pending.SlotWait,
            pending.DispatchedTimestamp == 0 ? TimeSpan.Zero : Time.GetElapsedTime(pending.CreatedTimestamp, pending.DispatchedTimestamp),
            handler,
            Time.GetElapsedTime(pending.CreatedTimestamp, answered)));
        pending.TryComplete(result);
        return true;
    }

    /// <summary>The runtime could not load the handler: the waiting invocation gets the init error, and the worker is discarded.</summary>
    public void OnInitError(LambdaWorker worker, byte[] body)
    {
        Log(worker, "init error: " + System.Text.Encoding.UTF8.GetString(body));
        Discard(worker);
        if (worker.Detach(null) is { } pending)
        {
            Interlocked.Increment(ref _errors);
            ReleaseSlot();
            pending.TryComplete(Result(pending, LambdaInvokeResult.Unhandled, body, coldStart: true));
        }
    }

    public LambdaFunctionMetrics Metrics()
    {
        var workers = _workers.Values.Where(w => !w.IsDead).ToList();
        lock (_coldStartGate)
        {
            return new LambdaFunctionMetrics(
                Configuration.Name,
                Interlocked.Read(ref _invocations),
                Interlocked.Read(ref _errors),
                Interlocked.Read(ref _timeouts),
                Interlocked.Read(ref _crashes),
                Interlocked.Read(ref _injected),
                _coldStarts,
                _lastColdStart,
                _coldStarts == 0 ? null : _coldStartTotal / _coldStarts,
                workers.Count,
                workers.Count(w => w.IsBusy),
                Interlocked.Read(ref _billedMilliseconds));
        }
    }

    public IReadOnlyList<string> RecentLogs() => [.. _logs];

    public void Dispose()
    {
        _disposed = true;
        foreach (var worker in _workers.Values)
        {
            worker.Kill();
            worker.Detach(null)?.Cancel();
            _directory.TryRemove(worker.Id, out _);
        }

        _workers.Clear();
        _slots.Dispose();
    }

    private void ReleaseSlot()
    {
        try
        {
            _slots.Release();
        }
        catch (ObjectDisposedException)
        {
            // A worker answered while the host was shutting down; nobody waits for the slot any more.
        }
    }

    private LambdaWorker? TakeIdle()
    {
        while (_idle.TryPop(out var worker))
        {
            if (!worker.IsDead)
            {
                return worker;
            }
        }

        return null;
    }

    private LambdaWorker Spawn()
    {
        var id = Guid.NewGuid().ToString("N")[..16];
        var worker = new LambdaWorker(id, this, Time.GetTimestamp());
        var start = new ProcessStartInfo(_options.DotnetPath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Configuration.AssetPath,
        };
        start.ArgumentList.Add(_options.RuntimeAssemblyPath);
        SetEnvironment(start.Environment, $"{_runtimeApiAddress()}/{id}");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Log(worker, e.Data);
        process.ErrorDataReceived += (_, e) => Log(worker, e.Data);
        process.Exited += (_, _) => OnExited(worker, process);
        worker.Process = process;
        _directory[id] = worker;
        _workers[id] = worker;
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            _directory.TryRemove(id, out _);
            _workers.TryRemove(id, out _);
            process.Dispose();
            throw new InvalidOperationException($"cannot start a worker for function {Configuration.Name} with '{_options.DotnetPath} {_options.RuntimeAssemblyPath}': {ex.Message}", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Lambda {Function}: started worker {Worker} (pid {Pid})", Configuration.Name, id, process.Id);
        }

        return worker;
    }

    private void SetEnvironment(IDictionary<string, string?> environment, string runtimeApi)
    {
        // An execution environment starts clean: nothing of the host's own AWS settings or credentials leaks into it.
        foreach (var key in environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("LAMBDA_", StringComparison.Ordinal) || k == "_HANDLER").ToList())
        {
            environment.Remove(key);
        }

        // Dynamic PGO adds an instrumented tier before the optimised one; with a dozen short-lived worker processes each
        // JIT-compiling the AWS SDK, that kept a worker's CPU per invocation ~7x above steady state for hundreds of
        // invocations (bench e2e, bench/README.md). A value set by the user or the template still wins.
        environment.TryAdd("DOTNET_TieredPGO", "0");

        // The local cloud itself runs without the framework's precompiled code (launchSettings.json): right for a
        // long-running engine, wrong for a worker that starts cold and JIT-compiles the AWS SDK.
        environment.Remove("DOTNET_ReadyToRun");
        foreach (var (key, value) in Configuration.Environment)
        {
            environment[key] = value;
        }

        environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        environment["_HANDLER"] = Configuration.Handler;
        environment["LAMBDA_TASK_ROOT"] = Configuration.AssetPath;
        environment["AWS_LAMBDA_FUNCTION_NAME"] = Configuration.Name;
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = Configuration.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        environment["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + Configuration.Name;
        environment["AWS_EXECUTION_ENV"] = "AWS_Lambda_" + Configuration.Runtime;
        environment["AWS_REGION"] = _options.Region;
        environment["AWS_DEFAULT_REGION"] = _options.Region;
        environment["AWS_ACCESS_KEY_ID"] = "test";
        environment["AWS_SECRET_ACCESS_KEY"] = "test";
        environment["AWS_SESSION_TOKEN"] = "test";
        if (_options.EndpointUrl is { } endpoint)
        {
            environment["AWS_ENDPOINT_URL"] = endpoint;
        }
    }

    private void OnExited(LambdaWorker worker, Process process)
    {
        int exitCode;
        try
        {
            exitCode = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            exitCode = -1;
        }

        Discard(worker);
        process.Dispose();
        if (worker.Detach(null) is { } pending)
        {
            Interlocked.Increment(ref _crashes);
            Interlocked.Increment(ref _errors);
            ReleaseSlot();
            var description = DescribeExit(exitCode);
            Log(worker, $"runtime exited during invocation {pending.RequestId}: {description}");
            pending.TryComplete(Result(pending, LambdaInvokeResult.Unhandled, LambdaErrors.RuntimeExited(pending.RequestId, description), coldStart: !worker.Warm));
        }
    }

    private void TimeOut(LambdaWorker worker, PendingInvocation pending)
    {
        if (worker.Detach(pending.RequestId) is not { } timedOut)
        {
            return;
        }

        Interlocked.Increment(ref _timeouts);
        Interlocked.Increment(ref _errors);
        Log(worker, $"invocation {pending.RequestId} timed out after {Configuration.TimeoutSeconds} seconds; stopping the worker");
        Discard(worker);
        worker.Kill();
        ReleaseSlot();
        timedOut.TryComplete(Result(timedOut, LambdaInvokeResult.Unhandled, LambdaErrors.TimedOut(timedOut.RequestId, Configuration.TimeoutSeconds), coldStart: !worker.Warm));
    }

    private void Discard(LambdaWorker worker)
    {
        worker.MarkDead();
        _workers.TryRemove(worker.Id, out _);
        _directory.TryRemove(worker.Id, out _);
    }

    private LambdaInvokeResult Injected(string requestId, LambdaFault fault)
    {
        Interlocked.Increment(ref _injected);
        Interlocked.Increment(ref _errors);
        var body = fault.Kind switch
        {
            FaultKind.Timeout => LambdaErrors.TimedOut(requestId, Configuration.TimeoutSeconds),
            FaultKind.Crash => LambdaErrors.RuntimeExited(requestId, "exit status 1"),
            _ => LambdaErrors.Document(fault.ErrorType ?? "Exception", fault.ErrorMessage ?? "Injected fault"),
        };
        if (fault.Kind == FaultKind.Timeout)
        {
            Interlocked.Increment(ref _timeouts);
        }
        else if (fault.Kind == FaultKind.Crash)
        {
            Interlocked.Increment(ref _crashes);
        }

        _logs.Enqueue($"[injected] {requestId} {fault.Kind}: {System.Text.Encoding.UTF8.GetString(body)}");
        return new LambdaInvokeResult(requestId, 200, LambdaInvokeResult.Unhandled, body, "$LATEST", ColdStart: false, TimeSpan.Zero);
    }

    private LambdaInvokeResult Result(PendingInvocation pending, string? functionError, byte[] body, bool coldStart) =>
        new(pending.RequestId, 200, functionError, body, "$LATEST", coldStart, Time.GetElapsedTime(pending.CreatedTimestamp));

    private void RecordColdStart(TimeSpan duration)
    {
        lock (_coldStartGate)
        {
            _coldStarts++;
            _coldStartTotal += duration;
            _lastColdStart = duration;
        }

        if (_logger.IsEnabled(LogLevel.Information))
        {
            _logger.LogInformation("Lambda {Function}: cold start {Milliseconds:F0} ms", Configuration.Name, duration.TotalMilliseconds);
        }
    }

    private void Log(LambdaWorker worker, string? line)
    {
        if (line is null)
        {
            return;
        }

        _logs.Enqueue($"[{worker.Id}] {line}");
        while (_logs.Count > _options.LogLinesKept && _logs.TryDequeue(out _))
        {
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            _logger.LogDebug("Lambda {Function} [{Worker}] {Line}", Configuration.Name, worker.Id, line);
        }
    }

    private static string DescribeExit(int exitCode) => exitCode switch
    {
        > 128 and < 160 => "signal: " + (exitCode - 128) switch
        {
            6 => "aborted",
            9 => "killed",
            11 => "segmentation fault",
            15 => "terminated",
            var signal => signal.ToString(CultureInfo.InvariantCulture),
        },
        _ => "exit status " + exitCode.ToString(CultureInfo.InvariantCulture),
    };
}
