using System.Reflection;
using OrderSaga.Contracts;
using OrderSaga.Workflow.Tests.Asl;

namespace OrderSaga.Workflow.Tests;

/// <summary>The saga's rules (DESIGN.md, "The saga") checked on the synthesized ASL graph rather than on the C# that built it.</summary>
public sealed class WorkflowRulesTests(WorkflowSynthFixture synth) : IClassFixture<WorkflowSynthFixture>
{
    /// <summary>
    /// Forward steps with side effects, in order, and the compensation that undoes each. ConfirmOrder has none of its
    /// own: a failed confirmation left the row PENDING, and CancelOrder (RecordOrder's undo) settles it.
    /// </summary>
    private static readonly (string Step, string? Compensation)[] SideEffects =
    [
        (SagaStates.RecordOrder, SagaStates.CancelOrder),
        (SagaStates.ReserveInventory, SagaStates.ReleaseInventory),
        (SagaStates.ChargePayment, SagaStates.RefundPayment),
        (SagaStates.ConfirmOrder, null),
    ];

    private static readonly string[] AfterConfirmation = [SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed];

    private static readonly string[] Tasks =
    [
        SagaStates.RecordOrder, SagaStates.ReserveInventory, SagaStates.ChargePayment, SagaStates.ConfirmOrder,
        SagaStates.NotifyCustomer, SagaStates.PublishOrderConfirmed,
        SagaStates.RefundPayment, SagaStates.ReleaseInventory, SagaStates.CancelOrder,
        SagaStates.NotifyCancellation, SagaStates.PublishOrderCancelled, SagaStates.PublishCompensationFailed,
    ];

    private static readonly string[] NeverRetried =
    [
        "States.ALL", "States.TaskFailed", "States.Runtime",
        ErrorNames.InvalidRequest, ErrorNames.DynamoDbConditionalCheckFailed,
    ];

    private static readonly string[] CrashesAndTimeouts =
    [
        ErrorNames.StatesTimeout, ErrorNames.LambdaSandboxTimedOut, ErrorNames.LambdaRuntimeExitError,
    ];

    /// <summary>The steps that must get through: the compensations and the alert that one failed.</summary>
    private static readonly string[] MustGetThrough = [.. SagaStates.Compensations, SagaStates.PublishCompensationFailed];

    public static TheoryData<string> TaskNames => [.. Tasks];

    public static TheoryData<string> SideEffectingSteps => [.. SideEffects.Select(s => s.Step)];

    public static TheoryData<string> StepsAfterConfirmation => [.. AfterConfirmation];

    [Fact]
    public void StateNames_Synthesized_AreExactlyTheSagaStatesConstants()
    {
        var constants = typeof(SagaStates).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(constants, synth.Graph.States.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TaskStates_Synthesized_AreTheOnesCheckedBelow()
    {
        var tasks = synth.Graph.States.Values.Where(s => s.Type == "Task").Select(s => s.Name);

        Assert.Equal(Tasks.Order(StringComparer.Ordinal), tasks.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Choices_All_HaveADefault()
    {
        var choices = synth.Graph.States.Values.Where(s => s.Type == "Choice").ToList();

        Assert.Equal(2, choices.Count);
        Assert.All(choices, c => Assert.True(c.Default is not null, $"Choice {c.Name} has no Default"));
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_Synthesized_HasTimeoutJitteredRetryAndCatchAll(string name)
    {
        var task = synth.Graph[name];

        Assert.True(task.TimeoutSeconds > 0, $"{name} has no TimeoutSeconds");
        Assert.NotEmpty(task.Retriers);
        Assert.All(task.Retriers, r =>
        {
            Assert.Equal("FULL", r.JitterStrategy);
            Assert.True(r.MaxDelaySeconds > 0, $"{name} has a retrier without MaxDelaySeconds");
            Assert.True(r.BackoffRate > 1, $"{name} has a retrier without exponential backoff");
        });
        Assert.NotEmpty(task.Catchers);
        Assert.Equal(["States.ALL"], task.Catchers[^1].ErrorEquals);
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_Retriers_ListOnlyTransientErrors(string name)
    {
        var retried = synth.Graph[name].Retriers.SelectMany(r => r.ErrorEquals).ToList();

        Assert.Empty(retried.Intersect(NeverRetried));
        Assert.Contains(retried, e =>
            e == ErrorNames.Transient || e.StartsWith("Lambda.", StringComparison.Ordinal)
            || e.StartsWith("DynamoDB.", StringComparison.Ordinal) || e.StartsWith("EventBridge.", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(TaskNames))]
    public void Task_Retriers_CrashesAndTimeoutsRetriedOnlyByStepsThatMustGetThrough(string name)
    {
        var retried = synth.Graph[name].Retriers.SelectMany(r => r.ErrorEquals).ToList();

        if (MustGetThrough.Contains(name))
        {
            Assert.Contains(ErrorNames.StatesTimeout, retried);
            if (name is SagaStates.RefundPayment or SagaStates.ReleaseInventory)
            {
                Assert.All(CrashesAndTimeouts, e => Assert.Contains(e, retried));
            }
        }
        else
        {
            Assert.Empty(retried.Intersect(CrashesAndTimeouts));
        }
    }

    [Fact]
    public void LambdaTasks_Retriers_IncludeTheServicesTransientError()
    {
        var lambdaTasks = new[]
        {
            SagaStates.ReserveInventory, SagaStates.ChargePayment, SagaStates.NotifyCustomer,
            SagaStates.RefundPayment, SagaStates.ReleaseInventory, SagaStates.NotifyCancellation,
        };

        Assert.All(lambdaTasks, t => Assert.Contains(ErrorNames.Transient, synth.Graph[t].Retriers.SelectMany(r => r.ErrorEquals)));
    }

    [Fact]
    public void Compensations_Retriers_TryLongerThanForwardSteps()
    {
        var forward = SideEffects.Select(s => synth.Graph[s.Step].Retriers.Single()).ToList();

        Assert.All(SagaStates.Compensations, name =>
        {
            var compensation = synth.Graph[name].Retriers.Single();
            Assert.All(forward, f =>
            {
                Assert.True(compensation.MaxAttempts > f.MaxAttempts, $"{name} retries {compensation.MaxAttempts} times, a forward step {f.MaxAttempts}");
                Assert.True(compensation.MaxDelaySeconds > f.MaxDelaySeconds, $"{name} waits at most {compensation.MaxDelaySeconds}s, a forward step {f.MaxDelaySeconds}s");
                Assert.True(WorstCaseDelay(compensation) > WorstCaseDelay(f), $"{name} gives up sooner than a forward step");
            });
        });
    }

    [Fact]
    public void States_All_ReachableFromStartAt()
    {
        var reachable = synth.Graph.ReachableFrom(synth.Graph.StartAt);

        Assert.Empty(synth.Graph.States.Keys.Except(reachable));
    }

    [Fact]
    public void Paths_FromStartAt_AllEndWithoutCycles()
    {
        // PathsFrom throws on a cycle; each path it returns ends in a terminal state.
        var paths = synth.Graph.PathsFrom(synth.Graph.StartAt);

        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.True(synth.Graph[p.Last].IsTerminal, $"path does not end: {p}"));
        Assert.Equal(synth.Graph.States.Keys.Order(), paths.SelectMany(p => p.StateNames).Distinct().Order());
    }

    [Fact]
    public void RecordOrder_DuplicateOrder_SucceedsWithoutSideEffects()
    {
        var duplicate = synth.Graph[SagaStates.RecordOrder].Catchers[0];

        Assert.Equal([ErrorNames.DynamoDbConditionalCheckFailed], duplicate.ErrorEquals);
        Assert.Equal(SagaStates.OrderAlreadyRecorded, duplicate.Next);
        Assert.Equal("Succeed", synth.Graph[SagaStates.OrderAlreadyRecorded].Type);
    }

    [Theory]
    [MemberData(nameof(SideEffectingSteps))]
    public void FailureEdges_FromSideEffectingStep_CompensateEverythingBeforeInReverseOrder(string step)
    {
        var index = Array.FindIndex(SideEffects, s => s.Step == step);
        var undoOnError = Compensations(SideEffects.Take(index + 1));
        var undoOnOutcome = Compensations(SideEffects.Take(index));
        var nextForward = index + 1 < SideEffects.Length ? SideEffects[index + 1].Step : SagaStates.NotifyCustomer;

        var state = synth.Graph[step];
        var edges = state.Edges().Where(e => e.Kind == AslEdgeKind.Catch).Select(e => (Edge: e, Undo: undoOnError)).ToList();
        if (state.Next is not null && synth.Graph[state.Next].Type == "Choice")
        {
            // A Choice branch that does not move on is a business outcome: this step's own effect did not happen.
            edges.AddRange(synth.Graph[state.Next].Edges().Where(e => e.To != nextForward).Select(e => (Edge: e, Undo: undoOnOutcome)));
        }

        Assert.Contains(edges, e => e.Edge.Kind == AslEdgeKind.Catch);
        foreach (var (edge, undo) in edges.Where(e => e.Edge.To != SagaStates.OrderAlreadyRecorded))
        {
            Assert.Equal("Pass", synth.Graph[edge.To].Type);
            Assert.Equal("$.cancellation", (string?)synth.Asl["States"]![edge.To]!["ResultPath"]);

            var paths = synth.Graph.PathsFrom(edge.To, edge);
            Assert.NotEmpty(paths);
            Assert.All(paths, path => AssertCompensates(path, undo));
        }
    }

    [Theory]
    [MemberData(nameof(StepsAfterConfirmation))]
    public void FailureEdges_AfterConfirmation_NeverUndoTheOrder(string step)
    {
        var catchers = synth.Graph[step].Edges().Where(e => e.Kind == AslEdgeKind.Catch).ToList();

        Assert.NotEmpty(catchers);
        Assert.All(catchers.SelectMany(c => synth.Graph.PathsFrom(c.To, c)), path =>
        {
            Assert.Equal(SagaStates.OrderConfirmed, path.Last);
            Assert.Empty(path.StateNames.Intersect(SagaStates.Compensations));
        });
    }

    [Fact]
    public void OrderCancelled_FailState_CarriesTheReasonAsCause()
    {
        var fail = synth.Asl["States"]![SagaStates.OrderCancelled]!;

        Assert.Equal("Fail", (string?)fail["Type"]);
        Assert.Equal(ErrorNames.OrderCancelled, (string?)fail["Error"]);
        Assert.Equal("$.cancellation.reason", (string?)fail["CausePath"]);
    }

    [Fact]
    public void CompensationFailed_FailState_IsReachedOnlyThroughItsAlert()
    {
        var into = synth.Graph.Edges().Where(e => e.To == SagaStates.CompensationFailed).ToList();

        Assert.All(into, e => Assert.Equal(SagaStates.PublishCompensationFailed, e.From));
        Assert.Equal(ErrorNames.CompensationFailed, (string?)synth.Asl["States"]![SagaStates.CompensationFailed]!["Error"]);
    }

    private static void AssertCompensates(AslPath path, IReadOnlyList<string> undo)
    {
        var forwardSteps = SideEffects.Select(s => s.Step).Concat(AfterConfirmation).Append(SagaStates.OrderConfirmed);
        Assert.True(!path.StateNames.Intersect(forwardSteps).Any(), $"a failure path goes forward again: {path}");

        var ran = path.StateNames.Where(SagaStates.Compensations.Contains).ToList();
        var order = ran.Select(c => SagaStates.Compensations.ToList().IndexOf(c)).ToList();
        Assert.True(order.SequenceEqual(order.Order()) && order.Distinct().Count() == order.Count, $"compensations out of order ({string.Join(", ", ran)}): {path}");

        switch (path.Last)
        {
            case SagaStates.OrderCancelled:
                Assert.True(!undo.Except(ran).Any(), $"the path ends cancelled without {string.Join(", ", undo.Except(ran))}: {path}");
                break;

            case SagaStates.CompensationFailed:
                var alert = path.Steps.First(s => s.State == SagaStates.PublishCompensationFailed);
                Assert.True(
                    alert.ArrivedBy is { Kind: AslEdgeKind.Catch } && SagaStates.Compensations.Contains(alert.ArrivedBy.From),
                    $"CompensationFailed must be entered from a compensation's Catch: {path}");
                var failed = alert.ArrivedBy!.From;
                var dueBefore = undo.Where(u => SagaStates.Compensations.ToList().IndexOf(u) < SagaStates.Compensations.ToList().IndexOf(failed));
                Assert.True(!dueBefore.Except(ran).Any(), $"{failed} failed, but an earlier compensation was skipped: {path}");
                break;

            default:
                Assert.Fail($"a failure path ends in {path.Last}, not {SagaStates.OrderCancelled} or {SagaStates.CompensationFailed}: {path}");
                break;
        }
    }

    private static List<string> Compensations(IEnumerable<(string Step, string? Compensation)> steps) =>
        [.. steps.Where(s => s.Compensation is not null).Select(s => s.Compensation!)];

    private static double WorstCaseDelay(AslRetrier retrier) =>
        Enumerable.Range(0, retrier.MaxAttempts)
            .Sum(attempt => Math.Min(retrier.IntervalSeconds * Math.Pow(retrier.BackoffRate, attempt), retrier.MaxDelaySeconds ?? double.MaxValue));
}
