using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Cli;

/// <summary>
/// <c>executions list|describe|history|redrive</c>: read the executions of a running local cloud, and redrive a failed
/// one, over the Step Functions API.
/// </summary>
internal static class ExecutionsCommand
{
    // Quotes inside the JSON strings (input, output) print as \" the way the AWS CLI shows them, not as \u0022.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var command = new Command("executions", "List and inspect the saga's executions on a running local cloud (Step Functions API).");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Describe());
        command.Subcommands.Add(History());
        command.Subcommands.Add(Redrive());
        return command;
    }

    private static Command List()
    {
        var status = new Option<string?>("--status") { Description = "Only executions with this status." };
        status.AcceptOnlyFromAmong("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");
        var (endpoint, json) = (EndpointClient.CreateOption(), JsonOption());
        var command = new Command("list", "List executions of every state machine, oldest first, with the order each was started for.");
        command.Options.Add(status);
        command.Options.Add(endpoint);
        command.Options.Add(json);
        command.SetAction((r, ct) => RunAsync("executions list", r.GetValue(endpoint), async queries =>
        {
            var executions = await queries.ListAsync(r.GetValue(status), ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(new JsonObject { ["executions"] = new JsonArray([.. executions.Select(e => e.DeepClone())]) }.ToJsonString(Indented));
                return 0;
            }

            if (executions.Count == 0)
            {
                Console.WriteLine(r.GetValue(status) is { } s ? $"No {s} executions." : "No executions yet.");
                return 0;
            }

            var table = new TextTable("ORDER", "STATUS", "STARTED (UTC)", "DURATION", "EXECUTION");
            foreach (var execution in executions)
            {
                var arn = ExecutionQueries.Text(execution, "executionArn")!;
                var description = await queries.DescribeAsync(arn, ct);
                var started = ExecutionQueries.Time(execution, "startDate");
                var stopped = ExecutionQueries.Time(execution, "stopDate");
                table.Add(
                    ExecutionQueries.OrderIdOf(description) ?? "-",
                    ExecutionQueries.Text(execution, "status") ?? "?",
                    ExecutionQueries.FormatTime(started),
                    started is { } a && stopped is { } b ? ExecutionQueries.FormatDuration(b - a) : "running",
                    ExecutionQueries.Text(execution, "name") ?? arn);
            }

            table.WriteTo(Console.Out);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{executions.Count} execution(s)."));
            return 0;
        }));
        return command;
    }

    private static Command Describe()
    {
        var target = TargetArgument();
        var (endpoint, json) = (EndpointClient.CreateOption(), JsonOption());
        var command = new Command("describe", "Show one execution: status, error, the states it went through, its output.");
        command.Arguments.Add(target);
        command.Options.Add(endpoint);
        command.Options.Add(json);
        command.SetAction((r, ct) => RunAsync("executions describe", r.GetValue(endpoint), async queries =>
        {
            var arn = await ResolveAsync(queries, r.GetValue(target)!, ct);
            var description = await queries.DescribeAsync(arn, ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(description.ToJsonString(Indented));
                return 0;
            }

            var history = await queries.HistoryAsync(arn, ct);
            var started = ExecutionQueries.Time(description, "startDate");
            var stopped = ExecutionQueries.Time(description, "stopDate");
            var lines = new List<(string, string?)>
            {
                ("Execution", arn),
                ("Order", ExecutionQueries.OrderIdOf(description)),
                ("Status", ExecutionQueries.Text(description, "status")),
                ("Started", ExecutionQueries.FormatTime(started)),
                ("Stopped", stopped is null ? null : $"{ExecutionQueries.FormatTime(stopped)}  ({ExecutionQueries.FormatDuration(stopped.Value - started!.Value)})"),
                ("Error", ExecutionQueries.Text(description, "error")),
                ("Cause", ExecutionQueries.Text(description, "cause")),
                ("States", string.Join(" → ", ExecutionQueries.StatesVisited(history))),
                ("Output", ExecutionQueries.Text(description, "output")),
            };
            foreach (var (label, value) in lines.Where(l => !string.IsNullOrEmpty(l.Item2)))
            {
                Console.WriteLine($"{label,-10} {value}");
            }

            return 0;
        }));
        return command;
    }

    private static Command History()
    {
        var target = TargetArgument();
        var (endpoint, json) = (EndpointClient.CreateOption(), JsonOption());
        var command = new Command("history", "Show an execution's event history: each event, the state it belongs to, and the time since the start.");
        command.Arguments.Add(target);
        command.Options.Add(endpoint);
        command.Options.Add(json);
        command.SetAction((r, ct) => RunAsync("executions history", r.GetValue(endpoint), async queries =>
        {
            var arn = await ResolveAsync(queries, r.GetValue(target)!, ct);
            var events = await queries.HistoryAsync(arn, ct);
            if (r.GetValue(json))
            {
                Console.WriteLine(new JsonObject { ["events"] = new JsonArray([.. events.Select(e => e.DeepClone())]) }.ToJsonString(Indented));
                return 0;
            }

            var table = new TextTable("ID", "ELAPSED", "TYPE", "STATE", "DETAIL");
            var start = events.Count > 0 ? ExecutionQueries.Time(events[0], "timestamp") : null;
            string? state = null;
            foreach (var e in events)
            {
                var type = ExecutionQueries.Text(e, "type") ?? "?";
                if (e["stateEnteredEventDetails"] is JsonObject entered)
                {
                    state = ExecutionQueries.Text(entered, "name");
                }

                var time = ExecutionQueries.Time(e, "timestamp");
                table.Add(
                    e["id"]?.ToString() ?? "?",
                    start is { } s && time is { } t ? "+" + ExecutionQueries.FormatDuration(t - s) : "-",
                    type,
                    type.StartsWith("Execution", StringComparison.Ordinal) ? string.Empty : state ?? string.Empty,
                    Detail(e));
                if (type.EndsWith("StateExited", StringComparison.Ordinal))
                {
                    state = null;
                }
            }

            table.WriteTo(Console.Out);
            return 0;
        }));
        return command;
    }

    private static Command Redrive()
    {
        var target = TargetArgument();
        var clientToken = new Option<string?>("--client-token") { Description = "Idempotency token: the same token within 15 minutes redrives once." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the redriven run to end; exit 1 unless it ends SUCCEEDED." };
        var timeout = new Option<int>("--timeout") { Description = "With --wait: seconds to wait before giving up (exit 1).", DefaultValueFactory = _ => 300 };
        var endpoint = EndpointClient.CreateOption();
        var command = new Command(
            "redrive",
            "RedriveExecution: restart a FAILED, TIMED_OUT or ABORTED execution from the state it failed in, in the same history.");
        command.Arguments.Add(target);
        command.Options.Add(clientToken);
        command.Options.Add(wait);
        command.Options.Add(timeout);
        command.Options.Add(endpoint);
        command.SetAction((r, ct) => RunAsync("executions redrive", r.GetValue(endpoint), async queries =>
        {
            var arn = await ResolveAsync(queries, r.GetValue(target)!, ct);
            var redriven = await queries.RedriveAsync(arn, r.GetValue(clientToken), ct);
            var described = await queries.DescribeAsync(arn, ct);
            Console.WriteLine($"Redriven  {arn}");
            Console.WriteLine($"At        {ExecutionQueries.FormatTime(ExecutionQueries.Time(redriven, "redriveDate"))}  (redrive {described["redriveCount"]?.ToString() ?? "?"})");
            if (!r.GetValue(wait))
            {
                return 0;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(r.GetValue(timeout)));
            try
            {
                described = await queries.WaitForEndAsync(arn, limit.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync($"executions redrive: {arn} was still RUNNING after {r.GetValue(timeout)} s.");
                return 1;
            }

            var status = ExecutionQueries.Text(described, "status");
            Console.WriteLine($"Status    {status}");
            foreach (var (label, name) in new[] { ("Error", "error"), ("Cause", "cause") })
            {
                if (ExecutionQueries.Text(described, name) is { } text)
                {
                    Console.WriteLine($"{label,-10}{text}");
                }
            }

            return status == "SUCCEEDED" ? 0 : 1;
        }));
        return command;
    }

    /// <summary>What a reader looks for in an event: the error of a failure, the resource of a task.</summary>
    private static string Detail(JsonObject e)
    {
        var details = e.FirstOrDefault(p => p.Key.EndsWith("EventDetails", StringComparison.Ordinal) && p.Key != "stateEnteredEventDetails" && p.Key != "stateExitedEventDetails").Value as JsonObject;
        if (details is null)
        {
            return string.Empty;
        }

        if (ExecutionQueries.Text(details, "error") is { } error)
        {
            var cause = ExecutionQueries.Text(details, "cause");
            return cause is null ? error : $"{error}: {Shorten(cause, 100)}";
        }

        if (ExecutionQueries.Text(details, "resourceType") is { } resourceType)
        {
            return $"{resourceType}:{ExecutionQueries.Text(details, "resource")}";
        }

        return string.Empty;
    }

    private static string Shorten(string text, int max)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        return oneLine.Length <= max ? oneLine : oneLine[..max] + "…";
    }

    private static async Task<string> ResolveAsync(ExecutionQueries queries, string target, CancellationToken ct)
    {
        var (arn, others) = await queries.ResolveAsync(target, ct);
        if (others.Count > 0)
        {
            await Console.Error.WriteLineAsync($"note: {others.Count + 1} executions were started for {target} (a duplicate delivery); showing the first, which owns the order. Others: {string.Join(", ", others)}");
        }

        return arn;
    }

    private static Argument<string> TargetArgument() => new("execution") { Description = "An execution ARN, or an order id (the execution whose input has that detail.orderId)." };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the raw AWS JSON response instead of a table." };

    private static async Task<int> RunAsync(string name, string? endpointText, Func<ExecutionQueries, Task<int>> run)
    {
        if (EndpointClient.ParseEndpoint(endpointText, out var error) is not { } endpoint)
        {
            await Console.Error.WriteLineAsync($"{name}: {error}");
            return 1;
        }

        using var client = new EndpointClient(endpoint);
        try
        {
            return await run(new ExecutionQueries(client));
        }
        catch (EndpointException ex)
        {
            await Console.Error.WriteLineAsync($"{name}: {ex.Message}");
            return 1;
        }
    }
}
