namespace OrderSaga.Local.LambdaRuntime;

/// <summary>One event handed out by <c>/runtime/invocation/next</c>.</summary>
internal sealed record Invocation(string RequestId, string? DeadlineMs, string? FunctionArn, string? TraceId, byte[] Payload);
