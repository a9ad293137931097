using OrderSaga.Local.LambdaRuntime;

// Like Lambda's managed runtime: configuration comes from the environment the host set for this execution environment.
var runtimeApi = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
var handlerText = Environment.GetEnvironmentVariable("_HANDLER");
var taskRoot = Environment.GetEnvironmentVariable("LAMBDA_TASK_ROOT");
if (string.IsNullOrEmpty(runtimeApi) || string.IsNullOrEmpty(taskRoot))
{
    await Console.Error.WriteLineAsync("AWS_LAMBDA_RUNTIME_API and LAMBDA_TASK_ROOT must be set; this program is started by the OrderSaga local Lambda host.");
    return 2;
}

using var client = RuntimeApiClient.Create(runtimeApi);
StreamHandler handler;
try
{
    handler = StreamHandler.Load(HandlerName.Parse(handlerText), taskRoot);
}
#pragma warning disable CA1031 // Whatever fails while loading or constructing the handler is the function's init error.
catch (Exception ex)
#pragma warning restore CA1031
{
    await Console.Error.WriteLineAsync($"Init error: {ex}");
    await client.PostInitErrorAsync(ex, CancellationToken.None);
    return 1;
}

while (true)
{
    var invocation = await client.NextAsync(CancellationToken.None);
    Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
    Stream output;
    try
    {
        using var input = new MemoryStream(invocation.Payload, writable: false);
        output = await handler.InvokeAsync(input);
    }
#pragma warning disable CA1031 // Any exception of the user's handler is the function's error, reported to the host as Lambda does.
    catch (Exception ex)
#pragma warning restore CA1031
    {
        await Console.Error.WriteLineAsync($"{invocation.RequestId} {ex}");
        await client.PostInvocationErrorAsync(invocation.RequestId, ex, CancellationToken.None);
        continue;
    }

    await using (output)
    {
        await client.PostResponseAsync(invocation.RequestId, output, CancellationToken.None);
    }
}
