namespace OrderSaga.Local.States.Conformance;

/// <summary>An entry of exclusions.json: a case the engine is known not to match, and why.</summary>
public sealed record CaseExclusion(string Id, string Reason, bool Temporary);
