namespace OrderSaga.Local.Templates;

/// <summary>A secondary index; <see cref="ProjectionType"/> is ALL, KEYS_ONLY or INCLUDE (with <see cref="NonKeyAttributes"/>).</summary>
internal sealed record TableIndex(
    string IndexName,
    IReadOnlyList<TableKeyElement> KeySchema,
    string ProjectionType,
    IReadOnlyList<string> NonKeyAttributes);
