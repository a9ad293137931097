using System.Globalization;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

internal sealed partial class ExecutionRun
{
    private async ValueTask<(JsonNode? Output, JsonObject? Assigned)> RunParallelAttemptAsync(ParallelState parallel, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        var effective = ApplyInputPath(parallel, input, scope);
        var branchInput = parallel.Parameters is { } p ? Evaluate(p, effective, scope) : effective;
        var startedId = Append(frame, "ParallelStateStarted");
        using var branchCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var count = parallel.Branches.Count;
        var outputs = new JsonNode?[count];
        var errors = new Exception?[count];
        var join = new BranchJoin(_virtual);
        for (var i = 0; i < count; i++)
        {
            var branchFrame = new Frame(new VariableScope(frame.Variables), startedId, null, frame.Recording);
            join.Starting();
            _ = RunBranchAsync(i, parallel.Branches[i], branchInput?.DeepClone(), branchFrame);
        }

        async Task RunBranchAsync(int index, StateMachineDefinition branch, JsonNode? branchCopy, Frame branchFrame)
        {
            try
            {
                outputs[index] = await RunGraphAsync(branch, branchCopy, branchFrame, branchCts.Token);
            }
#pragma warning disable CA1031 // A branch's failure is the parent's to report; it must never go unobserved.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors[index] = e;
            }
            finally
            {
                join.Ended(index);
            }
        }

        StatesErrorException? failure = null;
        for (var remaining = count; remaining > 0; remaining--)
        {
            var done = await join.NextEndedAsync();
            if (errors[done] is { } error and not OperationCanceledException && failure is null)
            {
                failure = error as StatesErrorException ?? new StatesErrorException(StatesErrors.Runtime, error.Message, isFatal: true);
                await branchCts.CancelAsync();
            }
        }

        ct.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw failure;
        }

        var results = new JsonArray();
        foreach (var o in outputs)
        {
            results.Add(Detach(o));
        }

        JsonNode? result = results;
        if (parallel.ResultSelector is { } selector)
        {
            result = Evaluate(selector, result, scope);
        }

        var assigned = parallel.Assign is { } a ? Evaluate(a, result, scope) as JsonObject : null;
        var output = ApplyOutputPath(parallel, ApplyResultPath(parallel.ResultPath, input, result), scope);
        return (output, assigned);
    }

    private async ValueTask<(JsonNode? Output, JsonObject? Assigned)> RunMapAttemptAsync(MapState map, JsonNode? input, StateScope scope, Frame frame, CancellationToken ct)
    {
        var effective = ApplyInputPath(map, input, scope);
        JsonNode? itemsNode = effective;
        if (map.ItemsPath is { } itemsPath)
        {
            itemsNode = ApplySelectPath(itemsPath, effective, scope);
        }

        if (map.ItemReader is not null)
        {
            throw new RuntimeFailureException("ItemReader is not supported by the local engine: give the items inline with ItemsPath.");
        }

        if (itemsNode is not JsonArray items)
        {
            throw new RuntimeFailureException($"Invalid path '{map.ItemsPath?.Text ?? "$"}': the value is {JsonValues.TypeName(itemsNode)}, not an array of items.");
        }

        Append(frame, "MapStateStarted", "mapStateStartedEventDetails", new JsonObject { ["length"] = items.Count });
        var toleratedCount = ToleratedCount(map, effective, scope);
        var toleratedPercentage = ToleratedPercentage(map, effective, scope);
        var maxConcurrency = MaxConcurrency(map, effective, scope);

        var inputs = new JsonNode?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var mapItem = new JsonObject { ["Index"] = i, ["Value"] = items[i]?.DeepClone() };
            if (map.ItemSelector is { } selector)
            {
                var itemScope = new StateScope(map, scope.EnteredTime, new Frame(frame.Variables, frame.LastEventId, mapItem, frame.Recording), scope.EnteredEventId) { RetryCount = scope.RetryCount };
                inputs[i] = Evaluate(selector, effective, itemScope);
            }
            else
            {
                inputs[i] = items[i]?.DeepClone();
            }
        }

        if (map.ItemBatcher is JsonObject batcher)
        {
            (items, inputs) = Batch(batcher, inputs, effective, scope);
        }

        JsonArray results = map.Mode == MapMode.Distributed
            ? await RunDistributedAsync(map, items, inputs, toleratedCount, toleratedPercentage, maxConcurrency, frame, ct)
            : await RunInlineAsync(map, items, inputs, maxConcurrency, frame, ct);

        Append(frame, "MapStateSucceeded");
        JsonNode? result = results;
        if (map.ResultSelector is { } resultSelector)
        {
            result = Evaluate(resultSelector, result, scope);
        }

        var assigned = map.Assign is { } a ? Evaluate(a, result, scope) as JsonObject : null;
        var output = ApplyOutputPath(map, ApplyResultPath(map.ResultPath, input, result), scope);
        return (output, assigned);
    }

    private async Task<JsonArray> RunInlineAsync(MapState map, JsonArray items, JsonNode?[] inputs, int maxConcurrency, Frame frame, CancellationToken ct)
    {
        var results = new JsonNode?[items.Count];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var join = new BranchJoin(_virtual);
        StatesErrorException? failure = null;
        var running = 0;
        for (var i = 0; i < items.Count && failure is null; i++)
        {
            if (maxConcurrency > 0 && running >= maxConcurrency)
            {
                await join.NextEndedAsync();
                running--;
                if (failure is not null)
                {
                    break;
                }
            }

            join.Starting();
            running++;
            _ = RunIterationAsync(i);
        }

        async Task RunIterationAsync(int index)
        {
            try
            {
                var mapItem = new JsonObject { ["Index"] = index, ["Value"] = items[index]?.DeepClone() };
                var iterationFrame = new Frame(new VariableScope(frame.Variables), frame.LastEventId, mapItem, frame.Recording);
                Append(iterationFrame, "MapIterationStarted", "mapIterationStartedEventDetails", IterationDetails(map, index));
                try
                {
                    results[index] = await RunGraphAsync(map.Processor, inputs[index], iterationFrame, cts.Token);
                    Append(iterationFrame, "MapIterationSucceeded", "mapIterationSucceededEventDetails", IterationDetails(map, index));
                }
                catch (StatesErrorException e)
                {
                    if (failure is null)
                    {
                        Append(iterationFrame, "MapIterationFailed", "mapIterationFailedEventDetails", IterationDetails(map, index));
                        failure ??= e;
                        await cts.CancelAsync();
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    Append(iterationFrame, "MapIterationAborted", "mapIterationAbortedEventDetails", IterationDetails(map, index));
                }
#pragma warning disable CA1031 // An iteration's unexpected failure is the parent's to report; it must never go unobserved.
                catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    failure ??= new StatesErrorException(StatesErrors.Runtime, e.Message, isFatal: true);
                }

                frame.LastEventId = Math.Max(frame.LastEventId, iterationFrame.LastEventId);
            }
#pragma warning disable CA1031 // Cancelled with the whole execution: the parent sees the execution's own token.
            catch (OperationCanceledException)
#pragma warning restore CA1031
            {
            }
            finally
            {
                join.Ended(index);
            }
        }

        for (; running > 0; running--)
        {
            await join.NextEndedAsync();
        }

        ct.ThrowIfCancellationRequested();
        if (failure is not null)
        {
            throw failure;
        }

        var array = new JsonArray();
        foreach (var r in results)
        {
            array.Add(Detach(r));
        }

        return array;
    }

    /// <summary>
    /// ItemBatcher: each child gets <c>{"BatchInput": ..., "Items": [...]}</c>, batches bounded by MaxItemsPerBatch and
    /// MaxInputBytesPerBatch (after ItemSelector has shaped each item).
    /// </summary>
    private (JsonArray Items, JsonNode?[] Inputs) Batch(JsonObject batcher, JsonNode?[] itemInputs, JsonNode? effective, StateScope scope)
    {
        var maxItems = BatchLimit(batcher, "MaxItemsPerBatch", effective, scope);
        var maxBytes = BatchLimit(batcher, "MaxInputBytesPerBatch", effective, scope);
        JsonNode? batchInput = null;
        if (batcher["BatchInput"] is JsonObject bi)
        {
            var template = AslParser.Parse(new JsonObject
            {
                ["StartAt"] = "T",
                ["States"] = new JsonObject { ["T"] = new JsonObject { ["Type"] = "Pass", ["Parameters"] = bi.DeepClone(), ["End"] = true } },
            }).Definition?.States["T"] as PassState;
            batchInput = template?.Parameters is { } p ? Evaluate(p, effective, scope) : bi.DeepClone();
        }

        var batches = new List<JsonNode?>();
        var current = new JsonArray();
        var currentBytes = 0;
        foreach (var input in itemInputs)
        {
            var size = JsonValues.Utf8Size(input);
            if (current.Count > 0 && ((maxItems > 0 && current.Count >= maxItems) || (maxBytes > 0 && currentBytes + size > maxBytes)))
            {
                batches.Add(BatchObject(batchInput, current));
                current = [];
                currentBytes = 0;
            }

            current.Add(Detach(input));
            currentBytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(BatchObject(batchInput, current));
        }

        var batchItems = new JsonArray();
        foreach (var b in batches)
        {
            batchItems.Add(b?.DeepClone());
        }

        return (batchItems, [.. batches]);
    }

    private static JsonObject BatchObject(JsonNode? batchInput, JsonArray items)
    {
        var obj = new JsonObject();
        if (batchInput is not null)
        {
            obj["BatchInput"] = batchInput.DeepClone();
        }

        obj["Items"] = items;
        return obj;
    }

    private int BatchLimit(JsonObject batcher, string field, JsonNode? effective, StateScope scope)
    {
        if (batcher[field] is { } literal)
        {
            return JsonValues.IsNumber(literal, out var d) && d >= 0 ? (int)Math.Min(d, int.MaxValue) : 0;
        }

        if (JsonValues.IsString(batcher[field + "Path"], out var pathText) && JsonPath.TryParse(pathText, out var path, out _))
        {
            var value = ResolveRequired(path, effective, scope, field + "Path");
            if (!TryInteger(value, out var n) || n < 0)
            {
                throw new RuntimeFailureException($"The {field}Path field refers to value \"{Display(value)}\" which is not a valid non-negative integer: {path.Text}");
            }

            return (int)Math.Min(n, int.MaxValue);
        }

        return 0;
    }

    private static JsonObject IterationDetails(MapState map, int index) => new() { ["name"] = map.Name, ["index"] = index };

    /// <summary>Distributed mode runs each item as a child workflow whose events stay out of this history, as on AWS.</summary>
    private async Task<JsonArray> RunDistributedAsync(MapState map, JsonArray items, JsonNode?[] inputs, int toleratedCount, double toleratedPercentage, int maxConcurrency, Frame frame, CancellationToken ct)
    {
        var mapRunArn = $"{_execution.Arn.Replace(":execution:", ":mapRun:", StringComparison.Ordinal)}/{map.Name}:{Guid.NewGuid()}";
        Append(frame, "MapRunStarted", "mapRunStartedEventDetails", new JsonObject { ["mapRunArn"] = mapRunArn });
        var results = new JsonNode?[items.Count];
        var failed = 0;
        StatesErrorException? lastFailure = null;
        var join = new BranchJoin(_virtual);
        var running = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (maxConcurrency > 0 && running >= maxConcurrency)
            {
                await join.NextEndedAsync();
                running--;
            }

            join.Starting();
            running++;
            _ = RunChildAsync(i);
        }

        async Task RunChildAsync(int index)
        {
            try
            {
                var mapItem = new JsonObject { ["Index"] = index, ["Value"] = items[index]?.DeepClone() };
                var childFrame = new Frame(new VariableScope(frame.Variables), 0, mapItem, recording: false);
                results[index] = await RunGraphAsync(map.Processor, inputs[index], childFrame, ct);
            }
            catch (StatesErrorException e)
            {
                Interlocked.Increment(ref failed);
                lastFailure = e;
            }
#pragma warning disable CA1031 // Cancelled with the whole execution, or an unexpected failure: a failed child either way.
            catch (Exception)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref failed);
            }
            finally
            {
                join.Ended(index);
            }
        }

        for (; running > 0; running--)
        {
            await join.NextEndedAsync();
        }

        ct.ThrowIfCancellationRequested();
        var exceeded = failed > toleratedCount || (items.Count > 0 && failed * 100.0 / items.Count > toleratedPercentage);
        if (failed > 0 && exceeded)
        {
            const string cause = "The specified tolerated failure threshold was exceeded";
            Append(frame, "MapRunFailed", "mapRunFailedEventDetails", new JsonObject { ["error"] = StatesErrors.ExceedToleratedFailureThreshold, ["cause"] = cause });
            _ = lastFailure;
            throw new StatesErrorException(StatesErrors.ExceedToleratedFailureThreshold, cause);
        }

        Append(frame, "MapRunSucceeded");
        var array = new JsonArray();
        foreach (var r in results)
        {
            array.Add(Detach(r));
        }

        return array;
    }

    private int ToleratedCount(MapState map, JsonNode? input, StateScope scope)
    {
        if (map.ToleratedFailureCountPath is { } path)
        {
            var value = ResolveRequired(path, input, scope, "ToleratedFailureCountPath");
            if (!TryInteger(value, out var n))
            {
                throw new RuntimeFailureException($"The ToleratedFailureCountPath field refers to value \"{Display(value)}\" which is not a valid integer: {path.Text}");
            }

            return n < 0 ? throw new RuntimeFailureException("ToleratedFailureCount cannot be negative.") : (int)Math.Min(n, int.MaxValue);
        }

        return map.ToleratedFailureCount ?? 0;
    }

    private double ToleratedPercentage(MapState map, JsonNode? input, StateScope scope)
    {
        if (map.ToleratedFailurePercentagePath is { } path)
        {
            var value = ResolveRequired(path, input, scope, "ToleratedFailurePercentagePath");
            double d;
            if (JsonValues.IsString(value, out var s))
            {
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                {
                    throw new RuntimeFailureException($"The ToleratedFailurePercentagePath field refers to value \"{s}\" which is not a valid number: {path.Text}");
                }
            }
            else if (!JsonValues.IsNumber(value, out d))
            {
                throw new RuntimeFailureException($"The ToleratedFailurePercentagePath field refers to value \"{Display(value)}\" which is not a valid number: {path.Text}");
            }

            return d is < 0 or > 100 ? throw new RuntimeFailureException("ToleratedFailurePercentage must be between 0 and 100.") : d;
        }

        return map.ToleratedFailurePercentage ?? 0;
    }

    private int MaxConcurrency(MapState map, JsonNode? input, StateScope scope)
    {
        if (map.MaxConcurrencyPath is { } path)
        {
            var value = ResolveRequired(path, input, scope, "MaxConcurrencyPath");
            if (!TryInteger(value, out var n) || n < 0)
            {
                throw new RuntimeFailureException($"The MaxConcurrencyPath field refers to value \"{Display(value)}\" which is not a valid non-negative integer: {path.Text}");
            }

            return (int)Math.Min(n, int.MaxValue);
        }

        return map.MaxConcurrency ?? 0;
    }

    private static bool TryInteger(JsonNode? value, out long n)
    {
        n = 0;
        if (JsonValues.IsNumber(value, out var d))
        {
            if (d != Math.Floor(d))
            {
                return false;
            }

            n = (long)d;
            return true;
        }

        return JsonValues.IsString(value, out var s) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out n);
    }
}
