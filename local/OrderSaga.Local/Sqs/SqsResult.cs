namespace OrderSaga.Local.Sqs;

/// <summary>
/// A response as an ordered tree of members (strings, booleans, string maps, lists of strings or of nested results),
/// which both the query protocol (XML) and the JSON protocol serialize.
/// </summary>
internal sealed class SqsResult : Dictionary<string, object>
{
    public SqsResult()
        : base(StringComparer.Ordinal)
    {
    }
}
