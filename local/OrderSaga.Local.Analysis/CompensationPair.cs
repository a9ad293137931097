namespace OrderSaga.Local.Analysis;

/// <summary>A forward step and the state that undoes it, with how the pairing was found (config or which convention).</summary>
public sealed record CompensationPair(string Scope, string Forward, string Compensation, string Reason);
