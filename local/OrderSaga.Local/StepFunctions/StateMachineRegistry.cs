using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Model;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.StepFunctions;

/// <summary>
/// The deployed state machines and every execution they ran. StartExecution is idempotent by name, as on AWS:
/// the same name and input while running returns the same execution; anything else with a used name is refused.
/// </summary>
internal sealed class StateMachineRegistry(ExecutionServices services, string region, string accountId)
{
    private readonly ConcurrentDictionary<string, DeployedStateMachine> machines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Execution> executions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Execution>> executionsByMachine = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RedriveTokens> redriveTokens = new(StringComparer.Ordinal);
    private readonly Lock startGate = new();

    public ExecutionServices Services => services;

    public IEnumerable<DeployedStateMachine> StateMachines => machines.Values.OrderBy(m => m.Name, StringComparer.Ordinal);

    /// <summary>Raised when an execution starts; the console and persistence listen.</summary>
    public event Action<Execution>? ExecutionStarted;

    /// <summary>Raised when an ended execution is redriven: the same execution object runs again.</summary>
    public event Action<Execution>? ExecutionRedriven;

    /// <summary>Compiles and registers a machine; on an invalid definition, throws with every error and its location.</summary>
    public DeployedStateMachine Deploy(string name, string definition, StateMachineType type, string roleArn, string loggingLevel = "OFF", bool tracingEnabled = false)
    {
        if (!CompiledStateMachine.TryCompile(definition, out var compiled, out var errors))
        {
            throw new InvalidDefinitionException(name, errors);
        }

        var arn = $"arn:aws:states:{region}:{accountId}:stateMachine:{name}";
        var deployed = new DeployedStateMachine(name, arn, definition, compiled!, type, roleArn, services.Time.GetUtcNow(), loggingLevel, tracingEnabled);
        machines[arn] = deployed;
        executionsByMachine.TryAdd(arn, new ConcurrentQueue<Execution>());
        return deployed;
    }

    public DeployedStateMachine GetMachine(string arn) =>
        machines.TryGetValue(arn, out var machine) ? machine : throw StepFunctionsErrors.StateMachineDoesNotExist(arn);

    public Execution GetExecution(string arn) =>
        executions.TryGetValue(arn, out var execution) ? execution : throw StepFunctionsErrors.ExecutionDoesNotExist(arn);

    public bool TryGetExecution(string arn, out Execution execution) => executions.TryGetValue(arn, out execution!);

    public IReadOnlyList<Execution> ExecutionsOf(string machineArn) =>
        executionsByMachine.TryGetValue(machineArn, out var list)
            ? [.. list.OrderByDescending(e => e.StartDate)]
            : throw StepFunctionsErrors.StateMachineDoesNotExist(machineArn);

    public IEnumerable<Execution> AllExecutions => executions.Values;

    /// <summary>StartExecution. Returns the execution and whether it was started by this call.</summary>
    public (Execution Execution, bool Started) Start(string machineArn, string? name, string? inputText)
    {
        var machine = GetMachine(machineArn);
        name ??= Guid.NewGuid().ToString();
        ValidateName(name);
        var input = ParseInput(inputText);
        var executionArn = machine.Type == StateMachineType.Express ? null : $"arn:aws:states:{region}:{accountId}:execution:{machine.Name}:{name}";

        lock (startGate)
        {
            if (executionArn is not null && executions.TryGetValue(executionArn, out var existing))
            {
                var sameInput = JsonNode.DeepEquals(existing.Input, input);
                return existing.Status == ExecutionStatus.Running && sameInput
                    ? (existing, false)
                    : throw StepFunctionsErrors.ExecutionAlreadyExists(executionArn);
            }

            var request = new ExecutionRequest(machine.Arn, name, input)
            {
                RoleArn = machine.RoleArn,
                Type = machine.Type,
                ExecutionArn = executionArn,
            };
            var execution = machine.Machine.Start(request, services);
            executions[execution.Arn] = execution;
            executionsByMachine[machine.Arn].Enqueue(execution);
            ExecutionStarted?.Invoke(execution);
            return (execution, true);
        }
    }

    /// <summary>
    /// Brings back an execution a data directory kept, under the machine now deployed with its ARN: an ended one as it
    /// ended, a running one resumed from its last checkpoint. Returns null when no such machine is deployed any more.
    /// </summary>
    public Execution? Restore(ExecutionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!machines.TryGetValue(snapshot.StateMachineArn, out var machine))
        {
            return null;
        }

        lock (startGate)
        {
            if (executions.TryGetValue(snapshot.Arn, out var existing))
            {
                return existing;
            }

            var execution = machine.Machine.Restore(snapshot, services);
            executions[execution.Arn] = execution;
            executionsByMachine[machine.Arn].Enqueue(execution);
            return execution;
        }
    }

    /// <summary>
    /// RedriveExecution. With a client token already used for a successful redrive of this execution in the last
    /// 15 minutes (AWS keeps the last 10), answers that redrive's date again without redriving.
    /// </summary>
    public DateTimeOffset Redrive(string executionArn, string? clientToken)
    {
        var execution = GetExecution(executionArn);
        var machine = GetMachine(execution.StateMachineArn);
        lock (startGate)
        {
            var tokens = redriveTokens.GetOrAdd(execution.Arn, _ => new RedriveTokens());
            var now = services.Time.GetUtcNow();
            if (clientToken is not null && tokens.TryGet(clientToken, now, out var earlier))
            {
                return earlier;
            }

            DateTimeOffset redriveDate;
            try
            {
                redriveDate = machine.Machine.Redrive(execution, services);
            }
            catch (ExecutionNotRedrivableException e)
            {
                throw StepFunctionsErrors.ExecutionNotRedrivable(execution.Arn, e.Reason);
            }

            if (clientToken is not null)
            {
                tokens.Add(clientToken, now, redriveDate);
            }

            ExecutionRedriven?.Invoke(execution);
            return redriveDate;
        }
    }

    private static JsonNode? ParseInput(string? inputText)
    {
        if (string.IsNullOrEmpty(inputText))
        {
            return new JsonObject();
        }

        if (System.Text.Encoding.UTF8.GetByteCount(inputText) > 256 * 1024)
        {
            throw StepFunctionsErrors.InvalidExecutionInput("Input exceeds the maximum size of 262144 bytes");
        }

        try
        {
            return JsonNode.Parse(inputText);
        }
        catch (JsonException ex)
        {
            throw StepFunctionsErrors.InvalidExecutionInput(ex.Message);
        }
    }

    private static void ValidateName(string name)
    {
        const string forbidden = " <>{}[]?*\"#%\\^|~`$&,;:/";
        if (name.Length is 0 or > 80 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || forbidden.Contains(c, StringComparison.Ordinal)))
        {
            throw StepFunctionsErrors.InvalidName(name);
        }
    }

    /// <summary>
    /// The client tokens of one execution's successful redrives: as on AWS, the last 10, each answered again for
    /// 15 minutes after its first use.
    /// </summary>
    private sealed class RedriveTokens
    {
        private const int Kept = 10;
        private static readonly TimeSpan ValidFor = TimeSpan.FromMinutes(15);

        private readonly List<(string Token, DateTimeOffset FirstUsed, DateTimeOffset RedriveDate)> tokens = [];

        public bool TryGet(string token, DateTimeOffset now, out DateTimeOffset redriveDate)
        {
            foreach (var entry in tokens)
            {
                if (entry.Token == token && now - entry.FirstUsed <= ValidFor)
                {
                    redriveDate = entry.RedriveDate;
                    return true;
                }
            }

            redriveDate = default;
            return false;
        }

        public void Add(string token, DateTimeOffset now, DateTimeOffset redriveDate)
        {
            tokens.RemoveAll(e => e.Token == token);
            tokens.Add((token, now, redriveDate));
            if (tokens.Count > Kept)
            {
                tokens.RemoveAt(0);
            }
        }
    }
}
