namespace OrderSaga.Local.Events;

/// <summary>
/// One scalar of a flattened event; a number also carries its exact value in millionths when AWS can compare it.
/// <see cref="Arrays"/> lists, outermost first, the (array, element) pairs that enclose the value, so a match can
/// refuse fields taken from different elements of one array (array consistency).
/// </summary>
internal readonly record struct Leaf(LeafKind Kind, string Text, long Number, bool HasNumber, ArrayPosition[] Arrays);
