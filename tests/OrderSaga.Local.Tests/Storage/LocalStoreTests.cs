using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.Storage;

namespace OrderSaga.Local.Tests.Storage;

public sealed class LocalStoreTests : IDisposable
{
    private const string Region = "us-east-1";
    private const string Account = "000000000000";
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private const string Definition = """
        {"StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Assign": {"order.$": "$.order"}, "Next": "Charge"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:charge", "ResultPath": "$.charge", "End": true,
                     "Parameters": {"order.$": "$order"}}}}
        """;

    private readonly TempDataDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Open_NewDirectory_CreatesTheDatabaseInWalMode()
    {
        using (var store = LocalStore.Open(directory.Path))
        {
            Assert.Equal(directory.Database, store.Path);
        }

        using var connection = new SqliteConnection($"Data Source={directory.Database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
    }

    [Fact]
    public async Task Load_ExecutionsAfterReopen_EndedAsRecordedAndRunningResumesFromCheckpoint()
    {
        var blocking = new GateInvoker();
        string succeededArn, runningArn;
        using (var store = LocalStore.Open(directory.Path))
        {
            var registry = Registry(store, blocking, new VirtualTimeProvider(Start));
            blocking.Open();
            var (succeeded, _) = registry.Start(MachineArn, "done", """{"order": 1}""");
            await succeeded.Completion.WaitAsync(Patience);
            blocking.Close();
            var (running, _) = registry.Start(MachineArn, "running", """{"order": 2}""");
            await blocking.Entered.WaitAsync(Patience);
            succeededArn = succeeded.Arn;
            runningArn = running.Arn;
            await store.FlushAsync();
            Assert.Equal(ExecutionStatus.Succeeded, succeeded.Status);
        }

        using var reopened = LocalStore.Open(directory.Path);
        var state = reopened.Load();

        Assert.Equal(2, state.Executions.Count);
        var done = state.Executions.Single(e => e.Arn == succeededArn);
        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("""{"order":1,"charge":{"order":1}}""", done.Output!.ToJsonString());
        Assert.Equal(["ExecutionStarted", "PassStateEntered", "PassStateExited", "TaskStateEntered", "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            done.History.Select(e => e.Type));
        var pending = state.Executions.Single(e => e.Arn == runningArn);
        Assert.Equal(ExecutionStatus.Running, pending.Status);
        Assert.Equal("Charge", pending.Checkpoint!.StateName);
        Assert.Equal("""{"order":2}""", pending.Checkpoint.Variables.ToJsonString());
        Assert.Equal(Start, state.LatestTimestamp);

        var restoredRegistry = Registry(reopened, new GateInvoker(open: true), new VirtualTimeProvider(Start));
        var restoredDone = restoredRegistry.Restore(done)!;
        var resumed = restoredRegistry.Restore(pending)!;
        await resumed.Completion.WaitAsync(Patience);
        Assert.Equal(ExecutionStatus.Succeeded, restoredDone.Status);
        Assert.Equal(ExecutionStatus.Succeeded, resumed.Status);
        Assert.Equal(2, resumed.Output!["charge"]!["order"]!.GetValue<int>());
        Assert.Equal(2, restoredRegistry.ExecutionsOf(MachineArn).Count);
        Assert.Throws<OrderSaga.Local.Endpoint.AwsJsonError>(() => restoredRegistry.Start(MachineArn, "done", """{"order": 1}"""));
        await reopened.FlushAsync();
        var again = reopened.Load().Executions.Single(e => e.Arn == runningArn);
        Assert.Equal(ExecutionStatus.Succeeded, again.Status);
        Assert.Equal(Enumerable.Range(1, again.History.Count).Select(i => (long)i), again.History.Select(e => e.Id));
    }

    [Fact]
    public async Task Load_QueueMessagesAfterReopen_KeepsUndeletedWithReceiveCountAndDeadLetters()
    {
        var time = new VirtualTimeProvider(Start, autoAdvance: false);
        string receivedId, keptId;
        using (var store = LocalStore.Open(directory.Path))
        {
            var sqs = Queues(store, time);
            var work = sqs.Get("work");
            var deleted = work.Send("first");
            var received = work.Send("second", new Dictionary<string, string> { ["kind"] = "retry" });
            var kept = work.Send("third");
            var toDead = sqs.Get("dead").Send("poison");
            foreach (var message in work.Receive(2, TimeSpan.FromSeconds(30)))
            {
                if (message.MessageId == deleted.MessageId)
                {
                    work.Delete(message.ReceiptHandle!);
                }
            }

            sqs.Get("other").Send("gone");
            sqs.Get("other").Purge();
            receivedId = received.MessageId;
            keptId = kept.MessageId;
            Assert.NotNull(toDead);
            await store.FlushAsync();
        }

        using var reopened = LocalStore.Open(directory.Path);
        var messages = reopened.Load().Messages;

        Assert.Equal(["work:second", "work:third", "dead:poison"], messages.Select(m => $"{m.Queue}:{m.Message.Body}"));
        var second = messages.Single(m => m.Message.MessageId == receivedId).Message;
        Assert.Equal(1, second.ReceiveCount);
        Assert.Equal(Start + TimeSpan.FromSeconds(30), second.VisibleAt);
        Assert.NotNull(second.ReceiptHandle);
        Assert.Equal("retry", second.MessageAttributes["kind"]);
        Assert.Equal(SqsQueue.Md5Hex("second"), second.Md5OfBody);
        Assert.Equal(0, messages.Single(m => m.Message.MessageId == keptId).Message.ReceiveCount);

        var restored = Queues(reopened, time);
        foreach (var group in messages.GroupBy(m => m.Queue))
        {
            restored.Get(group.Key).Restore(group.Select(m => m.Message));
        }

        restored.Get("work").Delete(second.ReceiptHandle!);
        Assert.Equal(["third"], restored.Get("work").Receive(10, null).Select(m => m.Body));
        await reopened.FlushAsync();
        Assert.Equal(["work:third", "dead:poison"], reopened.Load().Messages.Select(m => $"{m.Queue}:{m.Message.Body}"));
    }

    [Fact]
    public async Task Load_ArchiveLogsAndDeliveriesAfterReopen_InOrderAndEndedDeliveriesGone()
    {
        using (var store = LocalStore.Open(directory.Path))
        {
            store.Archived("orders-archive", new ArchivedEvent(Start, Start.AddSeconds(1), """{"id":"1"}""", 10));
            store.Archived("orders-archive", new ArchivedEvent(Start.AddSeconds(2), Start.AddSeconds(3), """{"id":"2"}""", 10));
            store.LogWritten("/audit", new LogEvent(1000, "one", 1001));
            store.LogWritten("/audit", new LogEvent(2000, "two", 2001));
            await store.DeliveriesAcceptedAsync(
            [
                new PendingDelivery("d-1", "bus", "rule", "t-1", "e-1", """{"id":"e-1"}""", Start),
                new PendingDelivery("d-2", "bus", "rule", "t-2", "e-1", """{"id":"e-1"}""", Start),
            ]);
            store.DeliveryEnded("d-1");
            await store.MarkSeededAsync();
        }

        using var reopened = LocalStore.Open(directory.Path);
        var state = reopened.Load();

        Assert.Equal(["""{"id":"1"}""", """{"id":"2"}"""], state.ArchivedEvents.Select(a => a.Event.EventJson));
        Assert.Equal(Start.AddSeconds(2), state.ArchivedEvents[1].Event.EventTime);
        Assert.Equal(["one", "two"], state.LogEvents.Select(l => l.Event.Message));
        Assert.Equal(2001, state.LogEvents[1].Event.IngestionTime);
        var delivery = Assert.Single(state.Deliveries);
        Assert.Equal(new PendingDelivery("d-2", "bus", "rule", "t-2", "e-1", """{"id":"e-1"}""", Start), delivery);
        Assert.True(state.Seeded);
        Assert.Equal(Start.AddSeconds(3), state.LatestTimestamp);
    }

    [Fact]
    public void Open_FileThatIsNotADatabase_ThrowsNamingTheFile()
    {
        Directory.CreateDirectory(directory.Path);
        File.WriteAllText(directory.Database, "this is not SQLite, just text that happens to sit where the database goes");

        var error = Assert.Throws<LocalStoreException>(() => LocalStore.Open(directory.Path));

        Assert.Contains(directory.Database, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a local cloud database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AnotherProgramsSqliteDatabase_ThrowsNamingTheFileAndItsTables()
    {
        Directory.CreateDirectory(directory.Path);
        using (var connection = new SqliteConnection($"Data Source={directory.Database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE customers (id INTEGER PRIMARY KEY)";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<LocalStoreException>(() => LocalStore.Open(directory.Path));

        Assert.Contains(directory.Database, error.Message, StringComparison.Ordinal);
        Assert.Contains("customers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DatabaseDamagedAfterTheHeader_ThrowsNamingTheFileOnOpenOrLoad()
    {
        using (var store = LocalStore.Open(directory.Path))
        {
            for (var i = 0; i < 200; i++)
            {
                store.LogWritten("/audit", new LogEvent(i, new string('x', 500), i));
            }

            await store.FlushAsync().WaitAsync(Patience);
        }

        var bytes = File.ReadAllBytes(directory.Database);
        Array.Fill(bytes, (byte)0xA5, 4096, bytes.Length - 4096);
        File.WriteAllBytes(directory.Database, bytes);

        var error = Assert.Throws<LocalStoreException>(() =>
        {
            using var store = LocalStore.Open(directory.Path);
            store.Load();
        });

        Assert.Contains(directory.Database, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_DirectoryInUseByAnotherStore_ThrowsInUse()
    {
        using var first = LocalStore.Open(directory.Path);
        await first.MarkSeededAsync().WaitAsync(Patience);

        var error = Assert.Throws<LocalStoreException>(() => LocalStore.Open(directory.Path));

        Assert.Contains("in use by another local cloud", error.Message, StringComparison.Ordinal);
        Assert.Contains(directory.Database, error.Message, StringComparison.Ordinal);
    }

    private const string MachineArn = $"arn:aws:states:{Region}:{Account}:stateMachine:Saga";

    private static StateMachineRegistry Registry(LocalStore store, ITaskInvoker invoker, TimeProvider time)
    {
        var registry = new StateMachineRegistry(new ExecutionServices
        {
            TaskInvoker = invoker,
            Time = time,
            Region = Region,
            AccountId = Account,
            OnEvent = store.OnEvent,
            OnCheckpoint = store.OnCheckpoint,
        }, Region, Account);
        registry.Deploy("Saga", Definition, StateMachineType.Standard, $"arn:aws:iam::{Account}:role/Saga");
        return registry;
    }

    private static SqsService Queues(LocalStore store, TimeProvider time)
    {
        var sqs = new SqsService(time, Region, Account, () => "http://127.0.0.1:4566", store);
        sqs.CreateQueue("dead");
        sqs.CreateQueue("work");
        sqs.CreateQueue("other");
        return sqs;
    }

    /// <summary>Echoes task payloads while open; while closed, a task waits until the execution is stopped.</summary>
    private sealed class GateInvoker(bool open = false) : ITaskInvoker
    {
        private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool isOpen = open;

        public Task Entered => entered.Task;

        public void Open() => isOpen = true;

        public void Close() => isOpen = false;

        public async ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken)
        {
            if (!isOpen)
            {
                entered.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return TaskOutcome.Success(request.Payload?.DeepClone() ?? new JsonObject());
        }
    }
}
