namespace OrderSaga.Local.Tests.BadInput;

/// <summary>
/// One operation of the endpoint and the request members it reads. <see cref="Anchors"/> are valid values (raw JSON)
/// that let hostile values in the other members reach deeper code; they are only given where no combination with the
/// generated values is a request AWS would accept and act on.
/// </summary>
internal sealed record JsonOperation(string Target, string[] Members, IReadOnlyDictionary<string, string> Anchors)
{
    public JsonOperation(string target, params string[] members)
        : this(target, members, new Dictionary<string, string>())
    {
    }

    public string Operation => Target[(Target.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>A seed of its own per operation, stable across runs (string.GetHashCode is randomized per process).</summary>
    public int Seed => unchecked(Target.Aggregate(20_261_124, (hash, c) => (hash * 31) + c));

    public JsonOperation With(string member, string json) =>
        this with { Anchors = new Dictionary<string, string>(Anchors) { [member] = json } };
}
