using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Inventory.Tests;

/// <summary>How AWS failures reach the workflow: retryable ones as TransientServiceException, the rest unchanged.</summary>
public sealed class InventoryTransientFailureTests
{
    private const string Reserve = """{"action":"reserve","orderId":"ORD-1","items":[{"sku":"SKU-MUG","quantity":1,"unitPrice":1}]}""";

    public static TheoryData<string> TransientFailures() =>
    [
        nameof(ProvisionedThroughputExceededException),
        nameof(RequestLimitExceededException),
        nameof(ThrottlingException),
        nameof(InternalServerErrorException),
        "503",
        nameof(HttpRequestException),
    ];

    [Theory]
    [MemberData(nameof(TransientFailures))]
    public async Task HandleAsync_TransientAwsFailure_ThrowsTransientServiceException(string failure)
    {
        var client = FailingDynamoDb.Create(() => Make(failure), out var proxy);
        var function = new Function("inventory", client);

        var error = await Assert.ThrowsAsync<TransientServiceException>(() => function.HandleAsync(JsonStreams.From(Reserve)));

        Assert.Contains("ORD-1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, proxy.Calls);
    }

    [Fact]
    public async Task HandleAsync_MissingTable_IsNotTransient()
    {
        var client = FailingDynamoDb.Create(() => new ResourceNotFoundException("Requested resource not found"), out _);
        var function = new Function("inventory", client);

        await Assert.ThrowsAsync<ResourceNotFoundException>(() => function.HandleAsync(JsonStreams.From(Reserve)));
    }

    private static Exception Make(string failure) => failure switch
    {
        nameof(ProvisionedThroughputExceededException) => new ProvisionedThroughputExceededException("slow down"),
        nameof(RequestLimitExceededException) => new RequestLimitExceededException("slow down"),
        nameof(ThrottlingException) => new ThrottlingException("slow down"),
        nameof(InternalServerErrorException) => new InternalServerErrorException("oops"),
        "503" => new AmazonDynamoDBException("unavailable", ErrorType.Receiver, "ServiceUnavailable", "req-1", HttpStatusCode.ServiceUnavailable),
        nameof(HttpRequestException) => new HttpRequestException("connection reset"),
        _ => throw new ArgumentOutOfRangeException(nameof(failure), failure, null),
    };
}
