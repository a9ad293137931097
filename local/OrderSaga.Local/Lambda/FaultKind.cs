namespace OrderSaga.Local.Lambda;

internal enum FaultKind
{
    /// <summary>The function fails with a given error type and message, as if the handler threw.</summary>
    Error,

    /// <summary>The function times out (Sandbox.Timedout).</summary>
    Timeout,

    /// <summary>The runtime process exits (Runtime.ExitError).</summary>
    Crash,
}
