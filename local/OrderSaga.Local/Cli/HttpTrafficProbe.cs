using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace OrderSaga.Local.Cli;

/// <summary>
/// Watches, in process, the HTTP traffic of a local cloud through .NET's diagnostic listeners, without touching the
/// cloud: every DynamoDB request this process sends to dynalite (from the DynamoDB proxy, for the Lambda workers, and
/// from the state machine's own dynamodb tasks), with its operation, table, consistency, item size and outcome; and
/// the time the endpoint spends on each kind of request it serves. <c>bench e2e</c> and <c>cost</c> read it.
/// </summary>
internal sealed class HttpTrafficProbe : IObserver<DiagnosticListener>, IDisposable
{
    /// <summary>Where a DynamoDB request came from: a Lambda worker (through the proxy) or the state machine's own task.</summary>
    public const string FromLambda = "lambda";

    public const string FromStateMachine = "state machine";

    private const string ClientListener = "HttpHandlerDiagnosticListener";
    private const string ClientActivity = "System.Net.Http.HttpRequestOut";
    private const string ServerListener = "Microsoft.AspNetCore";
    private const string ServerActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private const string DynamoDbTargetPrefix = "DynamoDB_20120810.";
    private static readonly HttpRequestOptionsKey<long> StartedKey = new("ordersaga.probe.started");
    private static readonly HttpRequestOptionsKey<DynamoDbCall> CallKey = new("ordersaga.probe.call");
    private static readonly object ServerStartedKey = new();
    private static readonly ConcurrentDictionary<(Type, string), PropertyInfo?> Properties = new();

    private readonly List<IDisposable> subscriptions = [];
    private readonly IDisposable allListeners;
    private readonly ConcurrentDictionary<(string Origin, string Operation, string Table), DynamoDbTally> dynamoDb = new();
    private readonly ConcurrentDictionary<string, ServerTally> server = new(StringComparer.Ordinal);

    public HttpTrafficProbe() => allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public IReadOnlyDictionary<(string Origin, string Operation, string Table), DynamoDbTally> DynamoDb => dynamoDb;

    public IReadOnlyDictionary<string, ServerTally> Server => server;

    public void Reset()
    {
        dynamoDb.Clear();
        server.Clear();
    }

    public void Dispose()
    {
        allListeners.Dispose();
        lock (subscriptions)
        {
            foreach (var s in subscriptions)
            {
                s.Dispose();
            }

            subscriptions.Clear();
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        IDisposable? subscription = value.Name switch
        {
            ClientListener => value.Subscribe(new Observer(OnClientEvent), name => name.StartsWith(ClientActivity, StringComparison.Ordinal)),
            ServerListener => value.Subscribe(new Observer(OnServerEvent), name => name.StartsWith(ServerActivity, StringComparison.Ordinal)),
            _ => null,
        };
        if (subscription is not null)
        {
            lock (subscriptions)
            {
                subscriptions.Add(subscription);
            }
        }
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    private void OnClientEvent(KeyValuePair<string, object?> e)
    {
        if (Property(e.Value, "Request") is not HttpRequestMessage request
            || !request.Headers.TryGetValues("X-Amz-Target", out var targets)
            || targets.FirstOrDefault() is not { } target
            || !target.StartsWith(DynamoDbTargetPrefix, StringComparison.Ordinal))
        {
            return;
        }

        if (e.Key.EndsWith(".Start", StringComparison.Ordinal))
        {
            request.Options.Set(StartedKey, Stopwatch.GetTimestamp());
            request.Options.Set(CallKey, Describe(request, target[DynamoDbTargetPrefix.Length..]));
        }
        else if (e.Key.EndsWith(".Stop", StringComparison.Ordinal)
            && request.Options.TryGetValue(StartedKey, out var started)
            && request.Options.TryGetValue(CallKey, out var call))
        {
            var response = Property(e.Value, "Response") as HttpResponseMessage;
            var elapsed = Stopwatch.GetElapsedTime(started);
            var tally = dynamoDb.GetOrAdd((call.Origin, call.Operation, call.Table), _ => new DynamoDbTally());
            tally.Add(call, response is null ? 0 : (int)response.StatusCode, elapsed);
        }
    }

    private void OnServerEvent(KeyValuePair<string, object?> e)
    {
        if (e.Value is not HttpContext context)
        {
            return;
        }

        if (e.Key.EndsWith(".Start", StringComparison.Ordinal))
        {
            context.Items[ServerStartedKey] = Stopwatch.GetTimestamp();
        }
        else if (e.Key.EndsWith(".Stop", StringComparison.Ordinal) && context.Items[ServerStartedKey] is long started && Kind(context.Request) is { } kind)
        {
            server.GetOrAdd(kind, _ => new ServerTally()).Add(Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>What a request to the endpoint is, for the breakdown; null for the long-polled /next, whose time is waiting.</summary>
    private static string? Kind(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        if (path.Contains("/_lambda-runtime/", StringComparison.Ordinal))
        {
            return path.EndsWith("/next", StringComparison.Ordinal) ? null : "Lambda Runtime API: post result";
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        var dot = target.IndexOf('.', StringComparison.Ordinal);
        return target.StartsWith(DynamoDbTargetPrefix, StringComparison.Ordinal) ? "DynamoDB proxy (Lambda workers' calls)"
            : dot > 0 ? $"{target[..dot]} API: {target[(dot + 1)..]}"
            : $"{request.Method} {path}";
    }

    /// <summary>Reads the request as DynamoDB bills it. The body is in memory (a string, or the proxy's buffer), so reading it buffers nothing new.</summary>
    private static DynamoDbCall Describe(HttpRequestMessage request, string operation)
    {
        var origin = request.Headers.UserAgent.ToString().Contains("aws-sdk", StringComparison.OrdinalIgnoreCase) ? FromLambda : FromStateMachine;
        var table = "?";
        var consistent = false;
        var itemBytes = 0;
        try
        {
            var body = request.Content?.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!string.IsNullOrEmpty(body))
            {
                using var doc = JsonDocument.Parse(body);
                var root = doc.RootElement;
                if (root.TryGetProperty("TableName", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    table = t.GetString()!;
                }

                consistent = root.TryGetProperty("ConsistentRead", out var c) && c.ValueKind == JsonValueKind.True;
                if (root.TryGetProperty("Item", out var item))
                {
                    itemBytes = DynamoDbItemSize.Of(item);
                }
            }
        }
        catch (JsonException)
        {
            // dynalite answers a malformed body with an error; the call is still counted, as DynamoDB would meter it.
        }

        return new DynamoDbCall(origin, operation, table, consistent, itemBytes);
    }

    private static object? Property(object? payload, string name)
    {
        if (payload is null)
        {
            return null;
        }

        var property = Properties.GetOrAdd((payload.GetType(), name), key => key.Item1.GetProperty(key.Item2));
        return property?.GetValue(payload);
    }

    private sealed class Observer(Action<KeyValuePair<string, object?>> onNext) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => onNext(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
