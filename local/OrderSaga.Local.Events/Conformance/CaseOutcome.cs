namespace OrderSaga.Local.Events.Conformance;

/// <summary>How one case went; <see cref="Reason"/> says what differed, or why the case is excluded.</summary>
public sealed record CaseOutcome(ConformanceCase Case, Outcome Outcome, string? Reason);
