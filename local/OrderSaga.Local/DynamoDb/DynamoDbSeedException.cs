namespace OrderSaga.Local.DynamoDb;

/// <summary>A seed file cannot be loaded; the message lists every problem with its location in the file.</summary>
internal sealed class DynamoDbSeedException : Exception
{
    public DynamoDbSeedException(string source, IReadOnlyList<string> errors)
        : base($"{source}: {errors.Count} error(s) in the seed file:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", errors)}")
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
