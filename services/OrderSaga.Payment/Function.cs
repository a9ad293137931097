using Amazon.DynamoDBv2;
using OrderSaga.Contracts;
using OrderSaga.ServiceDefaults;

namespace OrderSaga.Payment;

/// <summary>
/// The Payment Lambda function (handler <c>OrderSaga.Payment::OrderSaga.Payment.Function::HandleAsync</c>).
/// Input: a <see cref="PaymentRequest"/>; output: a <see cref="PaymentResponse"/> (a decline is a result). Bad input
/// throws <see cref="InvalidRequestException"/> and writes nothing; throttling, AWS 5xx and processor timeouts throw
/// <see cref="TransientServiceException"/>.
/// </summary>
public sealed class Function
{
    private readonly PaymentService payments;

    /// <summary>Lambda's entry: one DynamoDB client, the table name from the environment and the simulated processor, per process.</summary>
    public Function()
        : this(
            AwsSetup.RequireEnvironment(EnvironmentVariables.PaymentsTable),
            AwsSetup.CreateDynamoDbClient(),
            new SimulatedPaymentProvider(),
            TimeProvider.System)
    {
    }

    internal Function(string paymentsTable, IAmazonDynamoDB dynamoDb, IPaymentProvider provider, TimeProvider time)
    {
        payments = new PaymentService(dynamoDb, paymentsTable, provider, time);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var request = await RequestJson.ReadAsync(input, ContractsJsonContext.Default.PaymentRequest);
        var command = PaymentRequestValidator.Validate(request);

        PaymentResponse response;
        try
        {
            response = command.Action == PaymentActions.Charge
                ? await payments.ChargeAsync(command)
                : await payments.RefundAsync(command);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex))
        {
            throw new TransientServiceException($"payment {command.Action} for order {command.OrderId} failed and may pass on retry: {ex.Message}", ex);
        }

        return await RequestJson.WriteAsync(response, ContractsJsonContext.Default.PaymentResponse);
    }
}
