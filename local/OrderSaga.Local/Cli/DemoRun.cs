using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Contracts;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Cli;

/// <summary>How one execution of the demo went, read from its history: the states it entered, and the retries of each.</summary>
internal sealed class DemoRun
{
    /// <summary>Where the workflow records a caught notification failure in its output (<c>$.notificationError</c>).</summary>
    private const string NotificationErrorMember = "notificationError";

    private DemoRun(Execution execution, IReadOnlyList<string> states, IReadOnlyDictionary<string, int> retries)
    {
        Execution = execution;
        States = states;
        Retries = retries;
    }

    public Execution Execution { get; }

    public string Status => Execution.Status.ToAws();

    /// <summary>Every state entered, in order: one StateEntered event each.</summary>
    public IReadOnlyList<string> States { get; }

    /// <summary>Per state, how many attempts were made after the first (a task scheduled again within one entry).</summary>
    public IReadOnlyDictionary<string, int> Retries { get; }

    public int RetryCount => Retries.Values.Sum();

    public string? LastState => States.Count > 0 ? States[^1] : null;

    /// <summary>The error a caught NotifyCustomer failure left in the output; the order is still confirmed.</summary>
    public string? NotificationError =>
        Execution.Output is JsonObject output && output[NotificationErrorMember] is JsonObject error && error["Error"] is JsonValue name && name.TryGetValue<string>(out var text)
            ? text
            : null;

    /// <summary>The name of the error inside the CompensationFailed cause (the caught error object, as JSON).</summary>
    public string? CompensationErrorName
    {
        get
        {
            try
            {
                return Execution.Error == ErrorNames.CompensationFailed && Execution.Cause is { } cause && JsonNode.Parse(cause) is JsonObject caught
                    && caught["Error"] is JsonValue name && name.TryGetValue<string>(out var text)
                    ? text
                    : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }

    public static DemoRun From(Execution execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var states = new List<string>();
        var retries = new Dictionary<string, int>(StringComparer.Ordinal);
        string? current = null;
        var scheduled = 0;
        foreach (var e in execution.History)
        {
            if (e.Type.EndsWith("StateEntered", StringComparison.Ordinal))
            {
                current = e.Details?["name"]?.GetValue<string>() ?? "?";
                states.Add(current);
                scheduled = 0;
            }
            else if (current is not null && e.Type is "TaskScheduled" or "LambdaFunctionScheduled" or "ActivityScheduled" && ++scheduled > 1)
            {
                retries[current] = retries.GetValueOrDefault(current) + 1;
            }
        }

        return new DemoRun(execution, states, retries);
    }

    /// <summary>The outcome as one line: the status, and for a failure its error and (short) cause.</summary>
    public string Outcome()
    {
        var status = Status;
        if (Execution.Error is null)
        {
            return NotificationError is { } notification ? $"{status} (notification failed: {notification})" : status;
        }

        var cause = CompensationErrorName ?? Execution.Cause;
        return cause is null ? $"{status} {Execution.Error}" : $"{status} {Execution.Error}: {(cause.Length > 40 ? cause[..40] + "…" : cause)}";
    }

    /// <summary>The path, arrow-joined, with the retries of a state after its name.</summary>
    public string Path()
    {
        var annotated = new HashSet<string>(StringComparer.Ordinal);
        return string.Join(" → ", States.Select(s => Retries.TryGetValue(s, out var n) && annotated.Add(s) ? $"{s} (retried {n}×)" : s));
    }
}
