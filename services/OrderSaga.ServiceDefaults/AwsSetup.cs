using Amazon.DynamoDBv2;
using OrderSaga.Contracts;

namespace OrderSaga.ServiceDefaults;

/// <summary>Composition-root helpers: the only place a function reads its environment.</summary>
public static class AwsSetup
{
    private const string DefaultRegion = "us-east-1";

    public static string RequireEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The environment variable {name} is not set; the stack sets it on this function.");

    public static AmazonDynamoDBClient CreateDynamoDbClient()
    {
        var endpoint = Environment.GetEnvironmentVariable(EnvironmentVariables.AwsEndpointUrl);
        if (string.IsNullOrEmpty(endpoint))
        {
            return new AmazonDynamoDBClient();
        }

        // AWSSDK 4 also honours AWS_ENDPOINT_URL on its own; setting it here makes the signing region explicit,
        // which a local endpoint cannot imply from its host name.
        var region = Environment.GetEnvironmentVariable(EnvironmentVariables.AwsRegion);
        return new AmazonDynamoDBClient(new AmazonDynamoDBConfig
        {
            ServiceURL = endpoint,
            AuthenticationRegion = string.IsNullOrEmpty(region) ? DefaultRegion : region,
        });
    }
}
