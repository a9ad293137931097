namespace OrderSaga.EndToEnd.Tests.FaultMatrix;

/// <summary>One state the execution entered; for a Task state, the outcome of each attempt in order (an error name, or <see cref="Ok"/>).</summary>
internal sealed record TaskStep(string State, IReadOnlyList<string> Attempts)
{
    public const string Ok = "ok";

    public bool IsTask => Attempts.Count > 0;

    public bool Succeeded => Attempts is [.., Ok];

    /// <summary>"ChargePayment: TransientServiceException, ok", or just the name for a state that calls nothing.</summary>
    public override string ToString() => IsTask ? $"{State}: {string.Join(", ", Attempts)}" : State;
}
