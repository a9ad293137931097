namespace OrderSaga.Local.Events.Conformance;

/// <summary>A case the engine deliberately does not follow, with the reason; <see cref="Temporary"/> false = AWS behaves otherwise.</summary>
public sealed record Exclusion(string Id, string Reason, bool Temporary);
