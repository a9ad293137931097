using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrderSaga.Contracts;

namespace OrderSaga.Notification;

/// <summary>
/// Writes the rendered message to the outbox table, once per order and kind: the put is conditional on the row
/// not existing, and a repeated request answers ALREADY_SENT with the subject that was recorded first.
/// </summary>
internal sealed class NotificationService(IAmazonDynamoDB dynamoDb, string tableName, TimeProvider time)
{
    public async Task<NotificationResponse> NotifyAsync(NotificationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        var message = NotificationRenderer.Render(request);
        try
        {
            await dynamoDb.PutItemAsync(
                new PutItemRequest
                {
                    TableName = tableName,
                    Item = new Dictionary<string, AttributeValue>
                    {
                        [TableAttributes.Notifications.OrderId] = new() { S = request.OrderId },
                        [TableAttributes.Notifications.Kind] = new() { S = request.Kind },
                        [TableAttributes.Notifications.Recipient] = new() { S = message.Recipient },
                        [TableAttributes.Notifications.Subject] = new() { S = message.Subject },
                        [TableAttributes.Notifications.Body] = new() { S = message.Body },
                        [TableAttributes.Notifications.CreatedAt] = new() { S = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
                    },
                    ConditionExpression = "attribute_not_exists(#orderId)",
                    ExpressionAttributeNames = new Dictionary<string, string> { ["#orderId"] = TableAttributes.Notifications.OrderId },
                },
                cancellationToken);
            return new NotificationResponse(request.OrderId, request.Kind, NotificationStatus.Sent, message.Subject);
        }
        catch (ConditionalCheckFailedException)
        {
            var recorded = await dynamoDb.GetItemAsync(
                new GetItemRequest
                {
                    TableName = tableName,
                    Key = new Dictionary<string, AttributeValue>
                    {
                        [TableAttributes.Notifications.OrderId] = new() { S = request.OrderId },
                        [TableAttributes.Notifications.Kind] = new() { S = request.Kind },
                    },
                    ConsistentRead = true,
                },
                cancellationToken);
            var subject = recorded.Item is { } item && item.TryGetValue(TableAttributes.Notifications.Subject, out var value) && value.S is { } s
                ? s
                : message.Subject;
            return new NotificationResponse(request.OrderId, request.Kind, NotificationStatus.AlreadySent, subject);
        }
    }
}
