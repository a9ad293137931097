namespace OrderSaga.Local.Analysis;

/// <summary>A transition of the graph; <see cref="Location"/> is the field that names the target.</summary>
internal sealed record Edge(string From, string To, EdgeKind Kind, string Location);
