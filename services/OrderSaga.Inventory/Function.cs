using Amazon.DynamoDBv2;
using OrderSaga.Contracts;
using OrderSaga.ServiceDefaults;

namespace OrderSaga.Inventory;

/// <summary>
/// The Inventory Lambda function (handler <c>OrderSaga.Inventory::OrderSaga.Inventory.Function::HandleAsync</c>).
/// Input: an <see cref="InventoryRequest"/>; output: an <see cref="InventoryResponse"/>. Bad input throws
/// <see cref="InvalidRequestException"/> and writes nothing; throttling and AWS 5xx throw <see cref="TransientServiceException"/>.
/// </summary>
public sealed class Function
{
    private readonly InventoryService inventory;

    /// <summary>Lambda's entry: one DynamoDB client and the table name from the environment, per process.</summary>
    public Function()
        : this(AwsSetup.RequireEnvironment(EnvironmentVariables.InventoryTable), AwsSetup.CreateDynamoDbClient())
    {
    }

    internal Function(string inventoryTable, IAmazonDynamoDB dynamoDb)
    {
        inventory = new InventoryService(dynamoDb, inventoryTable);
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var request = await RequestJson.ReadAsync(input, ContractsJsonContext.Default.InventoryRequest);
        var command = InventoryRequestValidator.Validate(request);

        InventoryResponse response;
        try
        {
            response = command.Action == InventoryActions.Reserve
                ? await inventory.ReserveAsync(command.OrderId, command.Lines)
                : await inventory.ReleaseAsync(command.OrderId, command.Lines);
        }
        catch (Exception ex) when (TransientFailures.IsTransient(ex))
        {
            throw new TransientServiceException($"inventory {command.Action} for order {command.OrderId} failed and may pass on retry: {ex.Message}", ex);
        }

        return await RequestJson.WriteAsync(response, ContractsJsonContext.Default.InventoryResponse);
    }
}
