using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Events;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.Storage;

namespace OrderSaga.Local.Tests.Storage;

public sealed class DurableDeliveryTests : IDisposable
{
    private const string Region = "us-east-1";
    private const string Account = "111111111111";
    private const string PassMachine = """{"StartAt":"Pass","States":{"Pass":{"Type":"Pass","End":true}}}""";
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDataDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task PutEventsAsync_WithJournal_RecordsEachDeliveryAndStrikesItOffOnceDelivered()
    {
        using var store = LocalStore.Open(directory.Path);
        using var cloud = new Cloud(store);
        await cloud.AddRuleAsync();

        var outcome = await cloud.Service.PutEventsAsync([Entry("ORD-1")]);
        Assert.Equal(0, outcome.FailedEntryCount);
        await cloud.Service.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await store.FlushAsync();

        var state = store.Load();
        Assert.Empty(state.Deliveries);
        Assert.Single(cloud.Sqs.Get("orders").Peek());
        var execution = Assert.Single(cloud.StepFunctions.AllExecutions);
        Assert.True(Guid.TryParse(execution.Name, out _), $"the execution is named after its delivery, a UUID: {execution.Name}");
        Assert.Single(state.Messages);
        Assert.Single(state.Executions);
    }

    [Fact]
    public async Task Redeliver_DeliveryWhoseExecutionAlreadyRan_StartsNoSecondExecutionAndEndsTheDelivery()
    {
        PendingDelivery pending;
        using (var store = LocalStore.Open(directory.Path))
        {
            using var cloud = new Cloud(store);
            await cloud.AddRuleAsync();
            await cloud.Service.PutEventsAsync([Entry("ORD-2")]);
            await cloud.Service.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
            var execution = Assert.Single(cloud.StepFunctions.AllExecutions);
            // As if the process died after the execution started but before the delivery was struck off.
            pending = new PendingDelivery(execution.Name, "default", "orders", "machine", "event-2", Envelope("ORD-2"), Start);
            await store.DeliveriesAcceptedAsync([pending]);
        }

        using var reopened = LocalStore.Open(directory.Path);
        var state = reopened.Load();
        Assert.Equal(pending, Assert.Single(state.Deliveries));
        using var restarted = new Cloud(reopened);
        await restarted.AddRuleAsync();
        foreach (var snapshot in state.Executions)
        {
            restarted.StepFunctions.Restore(snapshot);
        }

        Assert.Equal(1, restarted.Service.Redeliver(state.Deliveries));
        await restarted.Service.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await reopened.FlushAsync();

        var execution2 = Assert.Single(restarted.StepFunctions.AllExecutions);
        Assert.Equal(pending.DeliveryId, execution2.Name);
        Assert.Equal(ExecutionStatus.Succeeded, execution2.Status);
        Assert.Empty(reopened.Load().Deliveries);
        Assert.Equal(0, restarted.Service.Metrics.Failed);
    }

    [Fact]
    public async Task Redeliver_DeliveryOfARuleThatIsGone_DropsItVisibly()
    {
        using var store = LocalStore.Open(directory.Path);
        using var cloud = new Cloud(store);
        var pending = new PendingDelivery("d-gone", "default", "no-such-rule", "t", "e", Envelope("ORD-3"), Start);
        await store.DeliveriesAcceptedAsync([pending]);

        Assert.Equal(0, cloud.Service.Redeliver([pending]));
        await store.FlushAsync();

        var failure = Assert.Single(cloud.Service.Failures);
        Assert.Equal("NO_RESOURCE", failure.ErrorCode);
        Assert.Contains("no-such-rule", failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(store.Load().Deliveries);
    }

    private static PutEventsRequestEntry Entry(string orderId) =>
        new("test.orders", "Order Created", new JsonObject { ["orderId"] = orderId }.ToJsonString(), "default", null, null, null);

    private static string Envelope(string orderId) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = "event-2",
        ["detail-type"] = "Order Created",
        ["source"] = "test.orders",
        ["account"] = Account,
        ["time"] = "2026-03-01T12:00:00Z",
        ["region"] = Region,
        ["resources"] = new JsonArray(),
        ["detail"] = new JsonObject { ["orderId"] = orderId },
    }.ToJsonString();

    /// <summary>EventBridge, SQS and Step Functions wired to one store, with a rule sending orders to a queue and a machine.</summary>
    private sealed class Cloud : IDisposable
    {
        public Cloud(LocalStore store)
        {
            var time = new VirtualTimeProvider(Start);
            Sqs = new SqsService(time, Region, Account, () => "http://127.0.0.1:4566", store);
            Sqs.CreateQueue("orders");
            StepFunctions = new StateMachineRegistry(new ExecutionServices
            {
                TaskInvoker = new NoTasks(),
                Time = time,
                Region = Region,
                AccountId = Account,
                OnEvent = store.OnEvent,
                OnCheckpoint = store.OnCheckpoint,
            }, Region, Account);
            StepFunctions.Deploy("Saga", PassMachine, StateMachineType.Standard, $"arn:aws:iam::{Account}:role/Saga");
            Service = new EventBridgeService(time, Region, Account, Sqs, new LogGroupStore(time, Region, Account) { Journal = store }, StepFunctions, null,
                new EventBridgeOptions { RandomSeed = 7 })
            {
                Journal = store,
            };
        }

        public SqsService Sqs { get; }

        public StateMachineRegistry StepFunctions { get; }

        public EventBridgeService Service { get; }

        public Task AddRuleAsync()
        {
            Service.PutRule("orders", "default", """{"source":["test.orders"]}""");
            Service.PutTargets("orders", "default",
            [
                new EventTarget("machine", $"arn:aws:states:{Region}:{Account}:stateMachine:Saga"),
                new EventTarget("queue", $"arn:aws:sqs:{Region}:{Account}:orders"),
            ]);
            return Task.CompletedTask;
        }

        public void Dispose() => Service.Dispose();
    }

    private sealed class NoTasks : ITaskInvoker
    {
        public ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TaskOutcome.Failure("States.TaskFailed", "Pass machines only."));
    }
}
