using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using OrderSaga.Contracts;

namespace OrderSaga.Inventory;

/// <summary>
/// Reserves and releases stock with single-item conditional writes (dynalite, which serves DynamoDB locally, has
/// no transactions). Each inventory item keeps <c>available</c> and a <c>reservations</c> map of order id → units,
/// so one write both takes the units and records who holds them: retries find their reservation and do nothing,
/// and a release gives back exactly what the order holds.
/// </summary>
internal sealed class InventoryService(IAmazonDynamoDB dynamoDb, string tableName)
{
    // A line is retried when the stock it lacked reappears between the failed write and the read that explains it.
    private const int MaxWritesPerLine = 10;

    private const string SkuName = "#sku";
    private const string AvailableName = "#available";
    private const string ReservationsName = "#reservations";
    private const string OrderName = "#order";
    private const string UnitsValue = ":units";
    private const string EmptyMapValue = ":empty";

    /// <summary>
    /// Reserves every line or none. An unknown SKU counts as unavailable: the order cannot be fulfilled, which is
    /// a business outcome (OUT_OF_STOCK, then cancellation), not malformed input.
    /// </summary>
    public async Task<InventoryResponse> ReserveAsync(string orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default)
    {
        var unavailable = new List<string>();
        foreach (var line in lines)
        {
            // After the first shortage nothing more is taken; the remaining lines are only checked so the
            // response names every SKU that is short.
            var held = unavailable.Count == 0
                ? await TryReserveLineAsync(orderId, line, cancellationToken)
                : await IsAvailableAsync(line, cancellationToken);
            if (!held)
            {
                unavailable.Add(line.Sku);
            }
        }

        if (unavailable.Count == 0)
        {
            return new InventoryResponse(orderId, InventoryStatus.Reserved, []);
        }

        // Out of stock leaves the order holding nothing, including lines an earlier delivery of this request
        // reserved: the saga will not use them, and its own release afterwards then finds nothing to do.
        await ReleaseAsync(orderId, lines, cancellationToken);
        return new InventoryResponse(orderId, InventoryStatus.OutOfStock, unavailable);
    }

    /// <summary>Gives back exactly the units this order holds on each SKU and forgets the reservation; a second release finds nothing.</summary>
    public async Task<InventoryResponse> ReleaseAsync(string orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default)
    {
        foreach (var line in lines)
        {
            try
            {
                await dynamoDb.UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = tableName,
                        Key = KeyOf(line.Sku),
                        UpdateExpression = $"SET {AvailableName} = {AvailableName} + {ReservationsName}.{OrderName} REMOVE {ReservationsName}.{OrderName}",
                        ConditionExpression = $"attribute_exists({ReservationsName}.{OrderName})",
                        ExpressionAttributeNames = new Dictionary<string, string>
                        {
                            [AvailableName] = TableAttributes.Inventory.Available,
                            [ReservationsName] = TableAttributes.Inventory.Reservations,
                            [OrderName] = orderId,
                        },
                    },
                    cancellationToken);
            }
            catch (ConditionalCheckFailedException)
            {
                // This order holds nothing on the SKU: never reserved, or already released.
            }
        }

        return new InventoryResponse(orderId, InventoryStatus.Released, []);
    }

    /// <summary>True when the order holds the line afterwards, whether this call or an earlier delivery reserved it.</summary>
    private async Task<bool> TryReserveLineAsync(string orderId, OrderLine line, CancellationToken cancellationToken)
    {
        for (var write = 1; write <= MaxWritesPerLine; write++)
        {
            try
            {
                await dynamoDb.UpdateItemAsync(
                    new UpdateItemRequest
                    {
                        TableName = tableName,
                        Key = KeyOf(line.Sku),
                        UpdateExpression = $"SET {AvailableName} = {AvailableName} - {UnitsValue}, {ReservationsName}.{OrderName} = {UnitsValue}",
                        ConditionExpression =
                            $"attribute_exists({SkuName}) AND attribute_exists({ReservationsName}) AND {AvailableName} >= {UnitsValue} AND attribute_not_exists({ReservationsName}.{OrderName})",
                        ExpressionAttributeNames = new Dictionary<string, string>
                        {
                            [SkuName] = TableAttributes.Inventory.Sku,
                            [AvailableName] = TableAttributes.Inventory.Available,
                            [ReservationsName] = TableAttributes.Inventory.Reservations,
                            [OrderName] = orderId,
                        },
                        ExpressionAttributeValues = new Dictionary<string, AttributeValue> { [UnitsValue] = Number(line.Quantity) },
                    },
                    cancellationToken);
                return true;
            }
            catch (ConditionalCheckFailedException)
            {
                var item = await GetItemAsync(line.Sku, cancellationToken);
                if (item is null)
                {
                    return false;
                }

                if (!item.TryGetValue(TableAttributes.Inventory.Reservations, out var reservations) || reservations.M is null)
                {
                    await CreateReservationsMapAsync(line.Sku, cancellationToken);
                    continue;
                }

                // The first reservation stands, even if a later delivery asks for a different quantity.
                if (reservations.M.ContainsKey(orderId))
                {
                    return true;
                }

                if (AvailableOf(item) < line.Quantity)
                {
                    return false;
                }
            }
        }

        throw new TransientServiceException(
            $"SKU '{line.Sku}' changed under every one of {MaxWritesPerLine} reservation attempts for order {orderId}");
    }

    /// <summary>Items seeded with only <c>sku</c> and <c>available</c> get an empty map, since a write cannot set a key inside a missing map.</summary>
    private async Task CreateReservationsMapAsync(string sku, CancellationToken cancellationToken)
    {
        try
        {
            await dynamoDb.UpdateItemAsync(
                new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = KeyOf(sku),
                    UpdateExpression = $"SET {ReservationsName} = {EmptyMapValue}",
                    ConditionExpression = $"attribute_exists({SkuName}) AND attribute_not_exists({ReservationsName})",
                    ExpressionAttributeNames = new Dictionary<string, string>
                    {
                        [SkuName] = TableAttributes.Inventory.Sku,
                        [ReservationsName] = TableAttributes.Inventory.Reservations,
                    },
                    ExpressionAttributeValues = new Dictionary<string, AttributeValue>
                    {
                        [EmptyMapValue] = new() { M = [] },
                    },
                },
                cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // Another reservation created it first.
        }
    }

    private async Task<bool> IsAvailableAsync(OrderLine line, CancellationToken cancellationToken) =>
        await GetItemAsync(line.Sku, cancellationToken) is { } item && AvailableOf(item) >= line.Quantity;

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string sku, CancellationToken cancellationToken)
    {
        var response = await dynamoDb.GetItemAsync(
            new GetItemRequest { TableName = tableName, Key = KeyOf(sku), ConsistentRead = true },
            cancellationToken);
        return response.IsItemSet && response.Item is { Count: > 0 } item ? item : null;
    }

    private static long AvailableOf(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(TableAttributes.Inventory.Available, out var available) && available.N is { } number
            ? long.Parse(number, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 0;

    private static Dictionary<string, AttributeValue> KeyOf(string sku) =>
        new() { [TableAttributes.Inventory.Sku] = new AttributeValue { S = sku } };

    private static AttributeValue Number(int value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
