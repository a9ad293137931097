using System.Text.Json.Nodes;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// A parsed, validated and compiled definition: immutable and thread-safe, built once and used by any number of
/// concurrent executions. Nothing is parsed again when an execution runs.
/// </summary>
public sealed class CompiledStateMachine
{
    private CompiledStateMachine(StateMachineDefinition definition) => Definition = definition;

    public StateMachineDefinition Definition { get; }

    public static CompiledStateMachine Compile(StateMachineDefinition definition)
    {
        var errors = AslValidator.Validate(definition);
        return errors.Count == 0
            ? new CompiledStateMachine(definition)
            : throw new ArgumentException("The definition is not valid: " + string.Join("; ", errors), nameof(definition));
    }

    /// <summary>Parses, validates and compiles; on failure <paramref name="errors"/> lists every problem with its location.</summary>
    public static bool TryCompile(string definitionText, out CompiledStateMachine? machine, out IReadOnlyList<DefinitionError> errors)
    {
        var result = AslParser.Parse(definitionText);
        errors = result.Errors;
        machine = result.Succeeded ? new CompiledStateMachine(result.Definition!) : null;
        return machine is not null;
    }

    /// <summary>
    /// Starts an execution. It runs on the caller's thread until its first real wait (a task, a Wait state), so a machine
    /// of Pass and Choice states has finished when this returns; await <see cref="Execution.Completion"/> otherwise.
    /// </summary>
    public Execution Start(ExecutionRequest request, ExecutionServices services)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var arn = request.ExecutionArn ?? ExecutionArnFor(request);
        var execution = new Execution(request, arn, services.Time.GetUtcNow(), services.Time, services.OnEvent, services.OnCheckpoint) { Machine = this };
        var run = new ExecutionRun(this, execution, services);
        _ = run.RunAsync();
        return execution;
    }

    /// <summary>
    /// RedriveExecution: restarts a FAILED, TIMED_OUT or ABORTED execution of this machine from the top-level state it
    /// was in when it ended, with the input that state was entered with, appending to the same history. Like
    /// <see cref="Start"/>, the run goes on on the caller's thread until its first wait; await
    /// <see cref="Execution.Completion"/> for its end. Returns the redrive date.
    /// </summary>
    /// <exception cref="ExecutionNotRedrivableException">The execution cannot be redriven (running, succeeded, Express...).</exception>
    /// <remarks>
    /// AWS reruns only the unsuccessful branches of a Parallel and the unsuccessful iterations of a Map; this engine
    /// reruns the whole top-level Parallel or Map state the execution failed in.
    /// </remarks>
    public DateTimeOffset Redrive(Execution execution, ExecutionServices services)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(services);
        if (!ReferenceEquals(execution.Machine, this))
        {
            throw new ArgumentException($"The execution '{execution.Arn}' was not started by this state machine.", nameof(execution));
        }

        if (!execution.TryBeginRedrive(out var attempt, out var reason))
        {
            throw new ExecutionNotRedrivableException(execution.Arn, reason!);
        }

        // Every ended execution entered its first state (Start runs up to the first wait), so a redrive point exists;
        // the fallback restarts from the beginning rather than fail.
        var point = execution.RedrivePoint ?? new RedrivePoint(Definition.StartAt, execution.Input, new VariableScope(null));
        var redriveDate = execution.RedriveDate!.Value;
        var run = new ExecutionRun(this, execution, services, attempt, point);
        _ = run.RunAsync();
        return redriveDate;
    }

    /// <summary>
    /// Brings back an execution of this machine that a persistence layer recorded, with its history. An ended one is
    /// returned as it ended (it can be redriven); a running one resumes from its last checkpoint — the top-level state it
    /// last entered, rerun with the input it was entered with — as a redrive would, but counted as no redrive and with no
    /// ExecutionRedriven event: its history goes on from the last recorded event. Like <see cref="Start"/>, the resumed run
    /// goes on on the caller's thread until its first wait.
    /// </summary>
    public Execution Restore(ExecutionSnapshot snapshot, ExecutionServices services)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(services);
        var request = new ExecutionRequest(snapshot.StateMachineArn, snapshot.Name, snapshot.Input)
        {
            RoleArn = snapshot.RoleArn,
            Type = snapshot.Type,
            ExecutionArn = snapshot.Arn,
        };
        var execution = new Execution(request, snapshot.Arn, snapshot.StartDate, services.Time, services.OnEvent, services.OnCheckpoint) { Machine = this };
        if (execution.Load(snapshot, Definition.StartAt) is not { } point)
        {
            return execution;
        }

        if (!Definition.States.ContainsKey(point.StateName))
        {
            // The machine was deployed again with a different definition since the execution was recorded.
            var cause = $"The execution cannot resume: the state '{point.StateName}' it was in is not in the state machine's definition any more.";
            var last = execution.HistoryCount;
            execution.Append(execution.Attempt, "ExecutionFailed", last, "executionFailedEventDetails", new JsonObject
            {
                ["error"] = StatesErrors.Runtime,
                ["cause"] = cause,
            });
            execution.Finish(execution.Attempt, ExecutionStatus.Failed, null, StatesErrors.Runtime, cause);
            return execution;
        }

        var run = new ExecutionRun(this, execution, services, execution.Attempt, point);
        _ = run.RunAsync();

        return execution;
    }

    /// <summary>Runs an execution to its end.</summary>
    public async Task<Execution> RunAsync(ExecutionRequest request, ExecutionServices services)
    {
        var execution = Start(request, services);
        await execution.Completion;
        return execution;
    }

    private static string ExecutionArnFor(ExecutionRequest request)
    {
        var smArn = request.StateMachineArn;
        var marker = ":stateMachine:";
        var i = smArn.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0)
        {
            return smArn + ":" + request.Name;
        }

        var prefix = smArn[..i];
        var smName = smArn[(i + marker.Length)..];
        return request.Type == StateMachineType.Express
            ? $"{prefix}:express:{smName}:{request.Name}:{Guid.NewGuid()}"
            : $"{prefix}:execution:{smName}:{request.Name}";
    }

    internal static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
