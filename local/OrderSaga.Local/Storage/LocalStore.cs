using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OrderSaga.Local.EventBridge;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.Storage;

/// <summary>
/// The local cloud's state on disk: one SQLite database, <c>&lt;data-dir&gt;/local-cloud.db</c>, in WAL mode with
/// <c>synchronous=NORMAL</c>, so that every committed transaction survives the process being killed (not the machine
/// losing power). The engines hand it their changes through hooks that only queue them; one writer thread applies
/// them in order, many per transaction, so an execution never waits on the disk. The one exception is PutEvents: an
/// event it accepts is on disk, as a delivery per target, before the caller hears its EventId.
/// </summary>
internal sealed class LocalStore : ISqsJournal, IEventBridgeJournal, IDisposable
{
    public const string FileName = "local-cloud.db";
    private const string Format = "ordersaga-local-cloud";
    private const int Version = 1;
    private const int MaxBatch = 4096;

    private static readonly string[] Schema =
    [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "CREATE TABLE executions (arn TEXT PRIMARY KEY, state_machine_arn TEXT NOT NULL, name TEXT NOT NULL, role_arn TEXT NOT NULL, type INTEGER NOT NULL, input TEXT, start_ticks INTEGER NOT NULL)",
        "CREATE TABLE history (arn TEXT NOT NULL, id INTEGER NOT NULL, previous_id INTEGER NOT NULL, ticks INTEGER NOT NULL, type TEXT NOT NULL, details_name TEXT, details TEXT, payload_key TEXT, payload TEXT, PRIMARY KEY (arn, id)) WITHOUT ROWID",
        "CREATE TABLE checkpoints (arn TEXT PRIMARY KEY, state_name TEXT NOT NULL, input TEXT, variables TEXT NOT NULL)",
        "CREATE TABLE queue_messages (message_id TEXT PRIMARY KEY, queue TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, md5 TEXT NOT NULL, sent_ticks INTEGER NOT NULL, attributes TEXT NOT NULL, receive_count INTEGER NOT NULL, first_received_ticks INTEGER, visible_ticks INTEGER NOT NULL, receipt_handle TEXT)",
        "CREATE TABLE archive_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, archive TEXT NOT NULL, event_ticks INTEGER NOT NULL, archived_ticks INTEGER NOT NULL, event_json TEXT NOT NULL)",
        "CREATE TABLE log_events (seq INTEGER PRIMARY KEY AUTOINCREMENT, log_group TEXT NOT NULL, timestamp_ms INTEGER NOT NULL, ingestion_ms INTEGER NOT NULL, message TEXT NOT NULL)",
        "CREATE TABLE deliveries (delivery_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, bus TEXT NOT NULL, rule TEXT NOT NULL, target_id TEXT NOT NULL, event_id TEXT NOT NULL, event_json TEXT NOT NULL, ingestion_ticks INTEGER NOT NULL)",
    ];

    private readonly SqliteConnection connection;
    private readonly Channel<StoreWrite> writes = Channel.CreateUnbounded<StoreWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, SqliteCommand> commands = new(StringComparer.Ordinal);
    private readonly Thread writer;
    private long sequence;
    private long written;
    private long batches;
    private bool disposed;

    private LocalStore(string path, SqliteConnection connection, long sequence)
    {
        Path = path;
        this.connection = connection;
        this.sequence = sequence;
        writer = new Thread(WriteLoop) { IsBackground = true, Name = "local-store-writer" };
        writer.Start();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Changes written so far, and in how many transactions.</summary>
    public (long Changes, long Transactions) Written => (Interlocked.Read(ref written), Interlocked.Read(ref batches));

    /// <summary>
    /// Opens the data directory's database, creating it (and the folder) when missing.
    /// </summary>
    /// <exception cref="LocalStoreException">The file is not a SQLite database, is another program's, was written by another version, or is in use by another local cloud.</exception>
    public static LocalStore Open(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(dataDirectory, FileName));
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString());
        try
        {
            connection.Open();
            // Exclusive: a second local cloud on the same folder is refused instead of interleaving its writes with ours.
            Execute(connection, "PRAGMA locking_mode=EXCLUSIVE");
            var mode = Scalar(connection, "PRAGMA journal_mode=WAL");
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new LocalStoreException($"{path}: cannot switch the database to WAL mode (it stays in '{mode}' mode).");
            }

            Execute(connection, "PRAGMA synchronous=NORMAL");
            var tables = new HashSet<string>(StringComparer.Ordinal);
            using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            tables.Remove("sqlite_sequence");
            if (tables.Count == 0)
            {
                using var create = connection.BeginTransaction();
                foreach (var statement in Schema)
                {
                    Execute(connection, statement, create);
                }

                Execute(connection, $"INSERT INTO meta (key, value) VALUES ('format', '{Format}'), ('version', '{Version}')", create);
                create.Commit();
            }
            else
            {
                var format = tables.Contains("meta") ? Scalar(connection, "SELECT value FROM meta WHERE key = 'format'") : null;
                if (format != Format)
                {
                    throw new LocalStoreException(
                        $"{path} is a SQLite database, but not one the local cloud wrote (it has the tables {string.Join(", ", tables.Order(StringComparer.Ordinal))}). Move it away or choose another --data-dir.");
                }

                var version = Scalar(connection, "SELECT value FROM meta WHERE key = 'version'");
                if (version != Version.ToString(CultureInfo.InvariantCulture))
                {
                    throw new LocalStoreException($"{path} was written by another version of the local cloud (format version {version}, this one reads {Version}). Move it away or choose another --data-dir.");
                }
            }

            var seq = long.Parse(Scalar(connection, "SELECT COALESCE(MAX(m), 0) FROM (SELECT MAX(seq) AS m FROM queue_messages UNION ALL SELECT MAX(seq) FROM deliveries)") ?? "0", CultureInfo.InvariantCulture);
            return new LocalStore(path, connection, seq);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw new LocalStoreException(ex.SqliteErrorCode switch
            {
                5 or 6 => $"{path} is in use by another local cloud (the database is locked). Stop it, or choose another --data-dir.",
                11 or 26 => $"{path} is not a local cloud database, or it is damaged: {ex.Message} Move it away or choose another --data-dir.",
                _ => $"{path} cannot be opened: {ex.Message}",
            }, ex);
        }
        catch (LocalStoreException)
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Everything the database holds, to rebuild the engines' state at start.</summary>
    /// <exception cref="LocalStoreException">The database is damaged.</exception>
    public StoredState Load()
    {
        try
        {
            lock (commands)
            {
                return new StoredState(LoadExecutions(), LoadMessages(), LoadArchive(), LoadLogs(), LoadDeliveries(), LatestTimestamp(),
                    Scalar(connection, "SELECT value FROM meta WHERE key = 'seeded'") == "true");
            }
        }
        catch (Exception ex) when (ex is SqliteException or JsonException or FormatException or InvalidOperationException)
        {
            throw new LocalStoreException($"{Path} cannot be read, it is damaged: {ex.Message} Move it away or choose another --data-dir.", ex);
        }
    }

    /// <summary>The <see cref="ExecutionServices.OnEvent"/> hook: records the event (and the execution, on its first).</summary>
    public void OnEvent(Execution execution, HistoryEvent historyEvent)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(historyEvent);
        if (execution.Type == StateMachineType.Express)
        {
            return;
        }

        if (historyEvent.Type == "ExecutionStarted")
        {
            Write(new StoreWrite.ExecutionStarted(execution.Arn, execution.StateMachineArn, execution.Name, execution.RoleArn, execution.Type,
                Text(execution.Input), execution.StartDate.UtcTicks));
        }

        Write(new StoreWrite.HistoryAppended(execution.Arn, historyEvent));
    }

    /// <summary>The <see cref="ExecutionServices.OnCheckpoint"/> hook: keeps the execution's latest checkpoint.</summary>
    public void OnCheckpoint(Execution execution, ExecutionCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(execution);
        if (execution.Type != StateMachineType.Express)
        {
            Write(new StoreWrite.Checkpointed(execution.Arn, checkpoint));
        }
    }

    public void MessageSaved(string queueName, SqsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Write(new StoreWrite.MessageSaved(message.MessageId, queueName, message.Body, message.Md5OfBody, message.SentAt.UtcTicks,
            Attributes(message.MessageAttributes), message.ReceiveCount, message.FirstReceivedAt?.UtcTicks, message.VisibleAt.UtcTicks, message.ReceiptHandle));
    }

    public void MessageDeleted(string messageId) => Write(new StoreWrite.MessageDeleted(messageId));

    public void QueuePurged(string queueName) => Write(new StoreWrite.QueuePurged(queueName));

    public void Archived(string archiveName, ArchivedEvent archived) => Write(new StoreWrite.Archived(archiveName, archived));

    public void LogWritten(string groupName, LogEvent logEvent) => Write(new StoreWrite.LogWritten(groupName, logEvent));

    public Task DeliveriesAcceptedAsync(IReadOnlyList<PendingDelivery> deliveries)
    {
        ArgumentNullException.ThrowIfNull(deliveries);
        if (deliveries.Count == 0)
        {
            return Task.CompletedTask;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Write(new StoreWrite.DeliveriesAccepted(deliveries, done));
        return done.Task;
    }

    public void DeliveryEnded(string deliveryId) => Write(new StoreWrite.DeliveryEnded(deliveryId));

    /// <summary>Remembers that the tables were seeded, so that a restart never seeds (and overwrites stock) again.</summary>
    public Task MarkSeededAsync()
    {
        Write(new StoreWrite.MetaSet("seeded", "true"));
        return FlushAsync();
    }

    /// <summary>Completes once every change queued before the call is on disk.</summary>
    public Task FlushAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Write(new StoreWrite.Flush(done));
        return done.Task;
    }

    /// <summary>Writes what is queued, then closes the database.</summary>
    public void Dispose()
    {
        lock (commands)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
        }

        writes.Writer.TryComplete();
        writer.Join();
        foreach (var command in commands.Values)
        {
            command.Dispose();
        }

        connection.Dispose();
    }

    private void Write(StoreWrite change)
    {
        if (!writes.Writer.TryWrite(change))
        {
            // Only after Dispose: the local cloud is stopping and nothing more is recorded.
            Complete(change, new ObjectDisposedException(nameof(LocalStore)));
        }
    }

    private void WriteLoop()
    {
        var reader = writes.Reader;
        var batch = new List<StoreWrite>(256);
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var change))
            {
                batch.Add(change);
            }

            Exception? failure = null;
            try
            {
                lock (commands)
                {
                    using var transaction = connection.BeginTransaction();
                    foreach (var change in batch)
                    {
                        Apply(change, transaction);
                    }

                    transaction.Commit();
                }

                Interlocked.Add(ref written, batch.Count);
                Interlocked.Increment(ref batches);
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException or JsonException)
            {
                failure = ex;
                Console.Error.WriteLine($"local store: {batch.Count} change(s) could not be written to {Path}: {ex.Message}");
            }

            foreach (var change in batch)
            {
                Complete(change, failure);
            }
        }
    }

    private static void Complete(StoreWrite change, Exception? failure)
    {
        var done = change switch
        {
            StoreWrite.DeliveriesAccepted d => d.Done,
            StoreWrite.Flush f => f.Done,
            _ => null,
        };
        if (failure is null)
        {
            done?.TrySetResult();
        }
        else
        {
            done?.TrySetException(failure);
        }
    }

    private void Apply(StoreWrite change, SqliteTransaction transaction)
    {
        switch (change)
        {
            case StoreWrite.ExecutionStarted e:
                Run(transaction, "INSERT OR REPLACE INTO executions (arn, state_machine_arn, name, role_arn, type, input, start_ticks) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    e.Arn, e.StateMachineArn, e.Name, e.RoleArn, (int)e.Type, e.Input, e.StartTicks);
                break;
            case StoreWrite.HistoryAppended h:
                var ev = h.Event;
                Run(transaction, "INSERT OR REPLACE INTO history (arn, id, previous_id, ticks, type, details_name, details, payload_key, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    h.Arn, ev.Id, ev.PreviousEventId, ev.Timestamp.UtcTicks, ev.Type, ev.DetailsName, ev.Details?.ToJsonString(), ev.PayloadKey,
                    ev.PayloadKey is null ? null : ev.PayloadText ?? "null");
                break;
            case StoreWrite.Checkpointed c:
                Run(transaction, "INSERT OR REPLACE INTO checkpoints (arn, state_name, input, variables) VALUES ($1, $2, $3, $4)",
                    c.Arn, c.Checkpoint.StateName, Text(c.Checkpoint.Input), c.Checkpoint.Variables.ToJsonString());
                break;
            case StoreWrite.MessageSaved m:
                Run(transaction,
                    "INSERT INTO queue_messages (message_id, queue, seq, body, md5, sent_ticks, attributes, receive_count, first_received_ticks, visible_ticks, receipt_handle) "
                    + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (message_id) DO UPDATE SET queue = excluded.queue, receive_count = excluded.receive_count, "
                    + "first_received_ticks = excluded.first_received_ticks, visible_ticks = excluded.visible_ticks, receipt_handle = excluded.receipt_handle",
                    m.MessageId, m.Queue, ++sequence, m.Body, m.Md5, m.SentTicks, m.Attributes, m.ReceiveCount, m.FirstReceivedTicks, m.VisibleTicks, m.ReceiptHandle);
                break;
            case StoreWrite.MessageDeleted d:
                Run(transaction, "DELETE FROM queue_messages WHERE message_id = $1", d.MessageId);
                break;
            case StoreWrite.QueuePurged p:
                Run(transaction, "DELETE FROM queue_messages WHERE queue = $1", p.Queue);
                break;
            case StoreWrite.Archived a:
                Run(transaction, "INSERT INTO archive_events (archive, event_ticks, archived_ticks, event_json) VALUES ($1, $2, $3, $4)",
                    a.Archive, a.Event.EventTime.UtcTicks, a.Event.ArchivedAt.UtcTicks, a.Event.EventJson);
                break;
            case StoreWrite.LogWritten l:
                Run(transaction, "INSERT INTO log_events (log_group, timestamp_ms, ingestion_ms, message) VALUES ($1, $2, $3, $4)",
                    l.Group, l.Event.Timestamp, l.Event.IngestionTime, l.Event.Message);
                break;
            case StoreWrite.DeliveriesAccepted d:
                foreach (var delivery in d.Deliveries)
                {
                    Run(transaction, "INSERT OR REPLACE INTO deliveries (delivery_id, seq, bus, rule, target_id, event_id, event_json, ingestion_ticks) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        delivery.DeliveryId, ++sequence, delivery.BusName, delivery.RuleName, delivery.TargetId, delivery.EventId, delivery.EventJson, delivery.Ingestion.UtcTicks);
                }

                break;
            case StoreWrite.DeliveryEnded d:
                Run(transaction, "DELETE FROM deliveries WHERE delivery_id = $1", d.DeliveryId);
                break;
            case StoreWrite.MetaSet s:
                Run(transaction, "INSERT OR REPLACE INTO meta (key, value) VALUES ($1, $2)", s.Key, s.Value);
                break;
            case StoreWrite.Flush:
                break;
            default:
                throw new InvalidOperationException($"unknown change {change.GetType().Name}");
        }
    }

    private void Run(SqliteTransaction transaction, string sql, params object?[] values)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$" + (i + 1).ToString(CultureInfo.InvariantCulture), null));
            }

            commands[sql] = command;
        }

        command.Transaction = transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private List<ExecutionSnapshot> LoadExecutions()
    {
        var history = new Dictionary<string, List<HistoryEvent>>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT arn, id, previous_id, ticks, type, details_name, details, payload_key, payload FROM history ORDER BY arn, id";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var arn = reader.GetString(0);
                if (!history.TryGetValue(arn, out var list))
                {
                    history[arn] = list = [];
                }

                var payloadKey = reader.IsDBNull(7) ? null : reader.GetString(7);
                list.Add(new HistoryEvent(
                    reader.GetInt64(1),
                    reader.GetInt64(2),
                    Date(reader.GetInt64(3)),
                    reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : JsonNode.Parse(reader.GetString(6))?.AsObject(),
                    payloadKey,
                    payloadKey is null || reader.IsDBNull(8) ? null : JsonNode.Parse(reader.GetString(8))));
            }
        }

        var checkpoints = new Dictionary<string, ExecutionCheckpoint>(StringComparer.Ordinal);
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT arn, state_name, input, variables FROM checkpoints";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                checkpoints[reader.GetString(0)] = new ExecutionCheckpoint(
                    reader.GetString(1),
                    reader.IsDBNull(2) ? null : JsonNode.Parse(reader.GetString(2)),
                    JsonNode.Parse(reader.GetString(3))?.AsObject() ?? []);
            }
        }

        var executions = new List<ExecutionSnapshot>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT arn, state_machine_arn, name, role_arn, type, input, start_ticks FROM executions ORDER BY start_ticks";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var arn = reader.GetString(0);
                var events = history.TryGetValue(arn, out var list) ? Prefix(list) : [];
                var snapshot = new ExecutionSnapshot(
                    arn,
                    reader.GetString(2),
                    reader.GetString(1),
                    reader.GetString(3),
                    (StateMachineType)reader.GetInt32(4),
                    reader.IsDBNull(5) ? null : JsonNode.Parse(reader.GetString(5)),
                    Date(reader.GetInt64(6)),
                    ExecutionStatus.Running,
                    null,
                    null,
                    null,
                    null,
                    0,
                    null,
                    events,
                    checkpoints.GetValueOrDefault(arn));
                executions.Add(WithOutcome(snapshot));
            }
        }

        return executions;
    }

    /// <summary>The events numbered 1, 2, 3... without a gap: what was written after a lost event is left out.</summary>
    private static List<HistoryEvent> Prefix(List<HistoryEvent> events)
    {
        var count = 0;
        while (count < events.Count && events[count].Id == count + 1)
        {
            count++;
        }

        return count == events.Count ? events : events[..count];
    }

    /// <summary>Status, result and redrives as the history's execution-level events tell them.</summary>
    private static ExecutionSnapshot WithOutcome(ExecutionSnapshot snapshot)
    {
        foreach (var e in snapshot.History)
        {
            string? Detail(string name) => e.Details?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            snapshot = e.Type switch
            {
                "ExecutionSucceeded" => snapshot with { Status = ExecutionStatus.Succeeded, StopDate = e.Timestamp, Output = e.Payload?.DeepClone(), Error = null, Cause = null },
                "ExecutionFailed" => snapshot with { Status = ExecutionStatus.Failed, StopDate = e.Timestamp, Output = null, Error = Detail("error"), Cause = Detail("cause") },
                "ExecutionTimedOut" => snapshot with { Status = ExecutionStatus.TimedOut, StopDate = e.Timestamp, Output = null, Error = Detail("error"), Cause = Detail("cause") },
                "ExecutionAborted" => snapshot with { Status = ExecutionStatus.Aborted, StopDate = e.Timestamp, Output = null, Error = Detail("error"), Cause = Detail("cause") },
                "ExecutionRedriven" => snapshot with
                {
                    Status = ExecutionStatus.Running,
                    StopDate = null,
                    Output = null,
                    Error = null,
                    Cause = null,
                    RedriveCount = e.Details?["redriveCount"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : snapshot.RedriveCount + 1,
                    RedriveDate = e.Timestamp,
                },
                _ => snapshot,
            };
        }

        return snapshot;
    }

    private List<StoredMessage> LoadMessages()
    {
        var messages = new List<StoredMessage>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT message_id, queue, body, md5, sent_ticks, attributes, receive_count, first_received_ticks, visible_ticks, receipt_handle FROM queue_messages ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            using (var doc = JsonDocument.Parse(reader.GetString(5)))
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    attributes[property.Name] = property.Value.GetString() ?? string.Empty;
                }
            }

            var message = new SqsMessage(reader.GetString(0), reader.GetString(2), reader.GetString(3), Date(reader.GetInt64(4)), attributes)
            {
                ReceiveCount = reader.GetInt32(6),
                FirstReceivedAt = reader.IsDBNull(7) ? null : Date(reader.GetInt64(7)),
                VisibleAt = Date(reader.GetInt64(8)),
                ReceiptHandle = reader.IsDBNull(9) ? null : reader.GetString(9),
            };
            messages.Add(new StoredMessage(reader.GetString(1), message));
        }

        return messages;
    }

    private List<(string, ArchivedEvent)> LoadArchive()
    {
        var events = new List<(string, ArchivedEvent)>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT archive, event_ticks, archived_ticks, event_json FROM archive_events ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var json = reader.GetString(3);
            events.Add((reader.GetString(0), new ArchivedEvent(Date(reader.GetInt64(1)), Date(reader.GetInt64(2)), json, System.Text.Encoding.UTF8.GetByteCount(json))));
        }

        return events;
    }

    private List<(string, LogEvent)> LoadLogs()
    {
        var events = new List<(string, LogEvent)>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT log_group, timestamp_ms, message, ingestion_ms FROM log_events ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            events.Add((reader.GetString(0), new LogEvent(reader.GetInt64(1), reader.GetString(2), reader.GetInt64(3))));
        }

        return events;
    }

    private List<PendingDelivery> LoadDeliveries()
    {
        var deliveries = new List<PendingDelivery>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT delivery_id, bus, rule, target_id, event_id, event_json, ingestion_ticks FROM deliveries ORDER BY seq";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            deliveries.Add(new PendingDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), Date(reader.GetInt64(6))));
        }

        return deliveries;
    }

    private DateTimeOffset? LatestTimestamp()
    {
        var ticks = Scalar(connection,
            "SELECT MAX(t) FROM (SELECT MAX(ticks) AS t FROM history UNION ALL SELECT MAX(sent_ticks) FROM queue_messages "
            + "UNION ALL SELECT MAX(archived_ticks) FROM archive_events UNION ALL SELECT MAX(ingestion_ticks) FROM deliveries)");
        return ticks is null ? null : Date(long.Parse(ticks, CultureInfo.InvariantCulture));
    }

    private static DateTimeOffset Date(long ticks) => new(ticks, TimeSpan.Zero);

    private static string? Text(JsonNode? node) => node?.ToJsonString();

    private static string Attributes(IReadOnlyDictionary<string, string> attributes)
    {
        if (attributes.Count == 0)
        {
            return "{}";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is null or DBNull ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
    }
}
