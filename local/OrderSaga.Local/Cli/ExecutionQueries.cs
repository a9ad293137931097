using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>The Step Functions reads behind <c>executions</c>: listing, finding an order's execution, reading a history.</summary>
internal sealed class ExecutionQueries(EndpointClient client)
{
    public async Task<List<JsonObject>> ListAsync(string? status, CancellationToken ct)
    {
        var machines = await client.StepFunctionsListAllAsync("ListStateMachines", [], "stateMachines", ct);
        var executions = new List<JsonObject>();
        foreach (var machine in machines)
        {
            var request = new JsonObject { ["stateMachineArn"] = Text(machine, "stateMachineArn") };
            if (status is not null)
            {
                request["statusFilter"] = status;
            }

            executions.AddRange(await client.StepFunctionsListAllAsync("ListExecutions", request, "executions", ct));
        }

        return [.. executions.OrderBy(e => Number(e, "startDate"))];
    }

    public Task<JsonObject> DescribeAsync(string executionArn, CancellationToken ct) =>
        client.StepFunctionsAsync("DescribeExecution", new JsonObject { ["executionArn"] = executionArn }, ct);

    public Task<JsonObject> RedriveAsync(string executionArn, string? clientToken, CancellationToken ct)
    {
        var request = new JsonObject { ["executionArn"] = executionArn };
        if (clientToken is not null)
        {
            request["clientToken"] = clientToken;
        }

        return client.StepFunctionsAsync("RedriveExecution", request, ct);
    }

    /// <summary>DescribeExecution until the execution is no longer RUNNING; a command-line wait, so it polls.</summary>
    public async Task<JsonObject> WaitForEndAsync(string executionArn, CancellationToken ct)
    {
        while (true)
        {
            var described = await DescribeAsync(executionArn, ct);
            if (Text(described, "status") != "RUNNING")
            {
                return described;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), ct);
        }
    }

    public Task<List<JsonObject>> HistoryAsync(string executionArn, CancellationToken ct) =>
        client.StepFunctionsListAllAsync("GetExecutionHistory", new JsonObject { ["executionArn"] = executionArn, ["maxResults"] = 1000 }, "events", ct);

    /// <summary>
    /// An execution ARN as given, or the execution started for an order id. A duplicate delivery starts a second
    /// execution for the same order; the first one owns the order, so that is the one chosen, and the others are named.
    /// </summary>
    public async Task<(string Arn, IReadOnlyList<string> Others)> ResolveAsync(string arnOrOrderId, CancellationToken ct)
    {
        if (arnOrOrderId.StartsWith("arn:", StringComparison.Ordinal))
        {
            return (arnOrOrderId, []);
        }

        var matches = new List<JsonObject>();
        foreach (var execution in await ListAsync(null, ct))
        {
            var description = await DescribeAsync(Text(execution, "executionArn")!, ct);
            if (OrderIdOf(description) == arnOrOrderId)
            {
                matches.Add(description);
            }
        }

        if (matches.Count == 0)
        {
            throw new EndpointException($"no execution on {client.Endpoint} was started for order '{arnOrOrderId}' (pass an execution ARN or an order id; `executions list` shows them).");
        }

        return (Text(matches[0], "executionArn")!, [.. matches.Skip(1).Select(m => Text(m, "executionArn")!)]);
    }

    /// <summary>The order id in a DescribeExecution response's input (a string holding the event).</summary>
    public static string? OrderIdOf(JsonObject description)
    {
        try
        {
            return Text(description, "input") is { } input ? OrderEvents.OrderIdOf(JsonNode.Parse(input)) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The names of the states entered, in order, from a GetExecutionHistory event list.</summary>
    public static IReadOnlyList<string> StatesVisited(IEnumerable<JsonObject> events) =>
        [.. events.Where(e => Text(e, "type")?.EndsWith("StateEntered", StringComparison.Ordinal) == true)
            .Select(e => (e["stateEnteredEventDetails"] as JsonObject) is { } d ? Text(d, "name") ?? "?" : "?")];

    public static string? Text(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static double? Number(JsonObject json, string name) =>
        json[name] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;

    public static DateTimeOffset? Time(JsonObject json, string name) =>
        Number(json, name) is { } seconds ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000)) : null;

    public static string FormatTime(DateTimeOffset? time) =>
        time?.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture) ?? "-";

    public static string FormatDuration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.000} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds:00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes:00} min"),
    };
}
