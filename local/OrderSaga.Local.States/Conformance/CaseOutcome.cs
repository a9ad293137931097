namespace OrderSaga.Local.States.Conformance;


/// <summary>The result of one case; <see cref="Reason"/> says why it failed or was excluded.</summary>
public sealed record CaseOutcome(string Id, CaseOutcomeKind Outcome, string? Reason, IReadOnlyList<string> Features);
