using System.Net;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using OrderSaga.Contracts;
using OrderSaga.Testing;

namespace OrderSaga.Payment.Tests;

public sealed class PaymentTransientFailureTests
{
    private const string Charge = """{"action":"charge","orderId":"ORD-1","amount":25,"currency":"USD","payment":{"method":"card","token":"tok_visa"}}""";

    [Fact]
    public async Task HandleAsync_Throttled_ThrowsTransientServiceException()
    {
        var client = FailingDynamoDb.Create(() => new ProvisionedThroughputExceededException("slow down"), out _);
        var function = new Function("payments", client, new SimulatedPaymentProvider(), TimeProvider.System);

        await Assert.ThrowsAsync<TransientServiceException>(() => function.HandleAsync(JsonStreams.From(Charge)));
    }

    [Fact]
    public async Task HandleAsync_ServerError_ThrowsTransientServiceException()
    {
        var client = FailingDynamoDb.Create(
            () => new AmazonDynamoDBException("boom", ErrorType.Receiver, "InternalFailure", "req-1", HttpStatusCode.InternalServerError),
            out _);
        var function = new Function("payments", client, new SimulatedPaymentProvider(), TimeProvider.System);

        await Assert.ThrowsAsync<TransientServiceException>(() => function.HandleAsync(JsonStreams.From(Charge)));
    }

    [Fact]
    public async Task HandleAsync_AccessDenied_IsNotTransient()
    {
        var client = FailingDynamoDb.Create(
            () => new AmazonDynamoDBException("no", ErrorType.Sender, "AccessDeniedException", "req-1", HttpStatusCode.BadRequest),
            out _);
        var function = new Function("payments", client, new SimulatedPaymentProvider(), TimeProvider.System);

        var error = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => function.HandleAsync(JsonStreams.From(Charge)));
        Assert.Equal("AccessDeniedException", error.ErrorCode);
    }
}
