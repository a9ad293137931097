namespace OrderSaga.Testing;

/// <summary>
/// Sets environment variables for the lifetime of the scope and puts the previous values back on dispose, for tests
/// of a Lambda composition root (which reads its configuration from the environment). Tests using it must not run in
/// parallel with others that read the same variables.
/// </summary>
public sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> previous = [];

    public EnvironmentScope(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (name, value) in variables)
        {
            previous[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    /// <summary>What a Lambda host gives a function that talks to DynamoDB behind a local endpoint such as dynalite.</summary>
    public static EnvironmentScope ForLocalEndpoint(DynaliteFixture dynalite, string tableVariable, string tableName)
    {
        ArgumentNullException.ThrowIfNull(dynalite);
        return new EnvironmentScope(new Dictionary<string, string?>
        {
            [tableVariable] = tableName,
            [Contracts.EnvironmentVariables.AwsEndpointUrl] = dynalite.Endpoint.ToString(),
            [Contracts.EnvironmentVariables.AwsRegion] = DynaliteFixture.Region,
            ["AWS_ACCESS_KEY_ID"] = "local",
            ["AWS_SECRET_ACCESS_KEY"] = "local",
        });
    }

    public void Dispose()
    {
        foreach (var (name, value) in previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
