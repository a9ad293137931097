using System.Text.Json;

namespace OrderSaga.Local.Events.Conformance;

/// <summary>One corpus case: its id, provenance (<c>localstack</c> = recorded against AWS, <c>event-ruler</c>), tags and the raw JSON line.</summary>
public sealed record ConformanceCase(string Id, string Source, CaseKind Kind, string File, IReadOnlyList<string> Features, JsonElement Data);
