using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Conformance;

/// <summary>
/// Runs corpus cases on the engine with the harness Lambda functions and a virtual clock, and compares each with its
/// recording. Used by the CLI (<c>conformance asl</c>) and by the per-case tests.
/// </summary>
public sealed class AslConformanceRunner(JsonObject? globalNormalizers)
{
    private const string Region = "us-east-1";
    // The corpus definitions name this account in their Lambda ARNs; ${accountId} in the rules stands for it.
    private const string AccountId = "000000000000";
    private const string Partition = "aws";
    private static readonly TimeSpan WallLimit = TimeSpan.FromSeconds(30);

    public static AslConformanceRunner FromFile(string? normalizersPath) =>
        new(normalizersPath is not null && File.Exists(normalizersPath) ? JsonNode.Parse(File.ReadAllText(normalizersPath)) as JsonObject : null);

    public async Task<CaseOutcome> RunAsync(ConformanceCase testCase, CaseExclusion? exclusion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(testCase);
        if (exclusion is not null)
        {
            return new CaseOutcome(testCase.Id, CaseOutcomeKind.Excluded, exclusion.Reason, testCase.Features);
        }

        try
        {
            var (passed, reason) = await RunCoreAsync(testCase, cancellationToken);
            return new CaseOutcome(testCase.Id, passed ? CaseOutcomeKind.Passed : CaseOutcomeKind.Failed, reason, testCase.Features);
        }
#pragma warning disable CA1031 // One broken case must be reported as failed, never stop the run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new CaseOutcome(testCase.Id, CaseOutcomeKind.Failed, $"the runner failed: {e.GetType().Name}: {e.Message}", testCase.Features);
        }
    }

    private async Task<(bool Passed, string? Reason)> RunCoreAsync(ConformanceCase c, CancellationToken ct)
    {
        if (c.QueryLanguage.Equals("JSONata", StringComparison.OrdinalIgnoreCase))
        {
            return (false, "not supported: JSONata");
        }

        var parsed = AslParser.Parse(c.Definition);
        if (!parsed.Succeeded)
        {
            var message = string.Join("; ", parsed.Errors.Select(e => e.ToString()));
            return (false, message.Contains("JSONata", StringComparison.Ordinal) ? "not supported: JSONata" : "the definition was rejected: " + message);
        }

        var machine = CompiledStateMachine.Compile(parsed.Definition!);
        var stopCase = c.Expected.Status == "ABORTED";
        var start = c.FrozenNow ?? DateTimeOffset.UtcNow;
        var clock = new VirtualTimeProvider(start, autoAdvance: !stopCase);
        var smName = "sm-" + Guid.NewGuid().ToString("N")[..12];
        var execName = "exec-" + Guid.NewGuid().ToString("N")[..12];
        var roleArn = $"arn:{Partition}:iam::{AccountId}:role/sfn-conformance-role";
        var services = new ExecutionServices
        {
            TaskInvoker = new HarnessTaskInvoker(c.LambdaKinds, clock, Region, AccountId),
            Time = clock,
            RandomSeed = 42,
            Region = Region,
            AccountId = AccountId,
            Partition = Partition,
        };
        var request = new ExecutionRequest($"arn:{Partition}:states:{Region}:{AccountId}:stateMachine:{smName}", execName, c.Input?.DeepClone())
        {
            RoleArn = roleArn,
            Type = c.StateMachineType.Equals("EXPRESS", StringComparison.OrdinalIgnoreCase) ? StateMachineType.Express : StateMachineType.Standard,
        };
        var execution = machine.Start(request, services);
        if (stopCase)
        {
            // The recorded test called StopExecution while the execution waited; do the same once it is waiting.
            using var waitCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
            waitCts.CancelAfter(WallLimit);
            while (clock.PendingTimers == 0 && !execution.Completion.IsCompleted)
            {
                await Task.Delay(5, waitCts.Token);
            }

            execution.Stop();
        }

        var finished = await Task.WhenAny(execution.Completion, Task.Delay(WallLimit, ct));
        if (finished != execution.Completion)
        {
            execution.Stop("States.Timeout", "conformance runner wall-clock limit");
            return (false, $"the execution did not finish within {WallLimit.TotalSeconds} s of wall time");
        }

        var symbols = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["accountId"] = AccountId,
            ["region"] = Region,
            ["partition"] = Partition,
            ["stateMachineName"] = smName,
            ["executionName"] = execName,
            ["roleArn"] = roleArn,
        };
        return Compare(c, execution, symbols);
    }

    private (bool, string?) Compare(ConformanceCase c, Execution execution, Dictionary<string, string> symbols)
    {
        var comparer = new ResultComparer(globalNormalizers, c.Normalizers, symbols, c.SkipSnapshotVerify);
        var expected = c.Expected;
        var status = execution.Status.ToAws();
        if (status != expected.Status)
        {
            return (false, $"status: expected {expected.Status}, got {status} (error {execution.Error}, cause {Shorten(execution.Cause)})");
        }

        if (status == "SUCCEEDED" && !expected.OutputMasked)
        {
            var actual = comparer.Normalize(execution.Output);
            if (!comparer.Match(expected.Output, actual, "output", out var diff))
            {
                return (false, Shorten(diff));
            }

            if (expected.OutputText is { } text && actual is JsonValue v && !JsonValues.IsString(v, out _) && JsonValues.ToText(actual) != text)
            {
                return (false, $"output text: expected {text}, got {JsonValues.ToText(actual)}");
            }
        }

        if (status is "FAILED" or "TIMED_OUT" or "ABORTED")
        {
            var error = comparer.Normalize(execution.Error is null ? null : JsonValue.Create(execution.Error));
            if (!comparer.Match(expected.Error, error, "error", out var diff))
            {
                return (false, Shorten(diff));
            }

            JsonNode? cause = execution.Cause is null ? null : JsonValue.Create(execution.Cause);
            var expectedCause = expected.Cause;
            if (expected.CauseIsJsonText && execution.Cause is not null)
            {
                try
                {
                    cause = JsonNode.Parse(execution.Cause);
                }
                catch (JsonException)
                {
                    return (false, $"cause: expected JSON text, got {Shorten(execution.Cause)}");
                }

                // The recorded stack traces are Python's; the README says to compare the other fields.
                if (cause is JsonObject co && expectedCause is JsonObject eo)
                {
                    co.Remove("stackTrace");
                    expectedCause = eo.DeepClone();
                    ((JsonObject)expectedCause).Remove("stackTrace");
                }
            }

            if (!comparer.Match(expectedCause, comparer.Normalize(cause), "cause", out diff))
            {
                return (false, Shorten(diff));
            }
        }

        if (expected.HistoryEventTypes is { } types && execution.Type == StateMachineType.Standard)
        {
            var actualTypes = execution.History.Select(e => e.Type).ToList();
            var expectedList = types.ToList();
            if (c.HistoryOrderNormalized)
            {
                actualTypes = NormalizeParallelOrder(actualTypes);
                expectedList = NormalizeParallelOrder(expectedList);
            }

            if (!actualTypes.SequenceEqual(expectedList))
            {
                var i = 0;
                while (i < Math.Min(actualTypes.Count, expectedList.Count) && actualTypes[i] == expectedList[i])
                {
                    i++;
                }

                return (false, $"history differs at event {i + 1}: expected {(i < expectedList.Count ? expectedList[i] : "(end)")}, got {(i < actualTypes.Count ? actualTypes[i] : "(end)")} ({expectedList.Count} expected events, {actualTypes.Count} actual)");
            }
        }

        return (true, null);
    }

    /// <summary>Events inside a Parallel state compare as a multiset: sort each run between its start and end.</summary>
    private static List<string> NormalizeParallelOrder(List<string> types)
    {
        var result = new List<string>(types.Count);
        var i = 0;
        while (i < types.Count)
        {
            result.Add(types[i]);
            if (types[i] == "ParallelStateStarted")
            {
                var depth = 1;
                var inner = new List<string>();
                i++;
                while (i < types.Count)
                {
                    if (types[i] == "ParallelStateStarted")
                    {
                        depth++;
                    }
                    else if (types[i] is "ParallelStateExited" or "ParallelStateFailed" or "ParallelStateAborted" or "ParallelStateSucceeded" && --depth == 0)
                    {
                        break;
                    }

                    inner.Add(types[i]);
                    i++;
                }

                inner.Sort(StringComparer.Ordinal);
                result.AddRange(inner);
                continue;
            }

            i++;
        }

        return result;
    }

    private static string? Shorten(string? s) => s is null || s.Length <= 400 ? s : s[..400] + "...";
}
