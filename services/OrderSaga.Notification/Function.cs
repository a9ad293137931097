using Amazon.DynamoDBv2;
using OrderSaga.Contracts;
using OrderSaga.ServiceDefaults;

namespace OrderSaga.Notification;

/// <summary>
/// The Notification Lambda function (handler <c>OrderSaga.Notification::OrderSaga.Notification.Function::HandleAsync</c>).
/// Input: a <see cref="NotificationRequest"/>; output: a <see cref="NotificationResponse"/>. Bad input throws
/// <see cref="InvalidRequestException"/> and writes nothing; throttling and AWS 5xx throw <see cref="TransientServiceException"/>.
/// </summary>
public sealed class Function
{
    private readonly NotificationService notifications;

    /// <summary>Lambda's entry: one DynamoDB client and the table name from the environment, per process.</summary>
    public Function()
        : this(AwsSetup.RequireEnvironment(EnvironmentVariables.NotificationsTable), AwsSetup.CreateDynamoDbClient(), TimeProvider.System)
    {
    }

    internal Function(string notificationsTable, IAmazonDynamoDB dynamoDb, TimeProvider time)
    {
        notifications = new NotificationService(dynamoDb, notificationsTable, time);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var request = await RequestJson.ReadAsync(input, ContractsJsonContext.Default.NotificationRequest);
        NotificationRequestValidator.Validate(request);

        NotificationResponse response;
        try
        {
            response = await notifications.NotifyAsync(request);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex))
        {
            throw new TransientServiceException($"notification {request.Kind} for order {request.OrderId} failed and may pass on retry: {ex.Message}", ex);
        }

        return await RequestJson.WriteAsync(response, ContractsJsonContext.Default.NotificationResponse);
    }
}
