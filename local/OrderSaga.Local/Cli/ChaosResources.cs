using System.Text.Json.Nodes;
using OrderSaga.Contracts;

namespace OrderSaga.Local.Cli;

/// <summary>The stack's resources a chaos run uses, found through the endpoint by the logical ids CDK put in their names.</summary>
internal sealed record ChaosResources(
    string Bus,
    string StateMachineArn,
    string OrdersTable,
    string InventoryTable,
    string PaymentsTable,
    string RejectedQueueUrl,
    string DeadLetterQueueUrl,
    string AlertsQueueUrl)
{
    public static async Task<ChaosResources> DiscoverAsync(EndpointClient client, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        var buses = (await client.EventBridgeAsync("ListEventBuses", [], ct))["EventBuses"]?.AsArray().Select(b => b?["Name"]?.GetValue<string>()).OfType<string>().ToList() ?? [];
        var bus = buses.FirstOrDefault(b => b.Contains(EventNames.DefaultBusName, StringComparison.Ordinal)) ?? buses.FirstOrDefault(b => b != "default")
            ?? throw new EndpointException($"{client.Endpoint} has no event bus but the default one; is the OrderSaga stack deployed?");
        var machines = await client.StepFunctionsListAllAsync("ListStateMachines", [], "stateMachines", ct);
        var machine = machines.FirstOrDefault(m => ExecutionQueries.Text(m, "name")?.Contains("OrderSaga", StringComparison.Ordinal) == true) ?? machines.FirstOrDefault()
            ?? throw new EndpointException($"{client.Endpoint} has no state machine; is the OrderSaga stack deployed?");
        var tables = (await client.DynamoDbAsync("ListTables", [], ct))["TableNames"]?.AsArray().Select(t => t!.GetValue<string>()).ToList() ?? [];
        var queues = (await client.SqsAsync("ListQueues", [], ct))["QueueUrls"]?.AsArray().Select(q => q!.GetValue<string>()).ToList() ?? [];
        return new ChaosResources(
            bus,
            ExecutionQueries.Text(machine, "stateMachineArn")!,
            Find(tables, "OrdersTable", "table"),
            Find(tables, "InventoryTable", "table"),
            Find(tables, "PaymentsTable", "table"),
            Find(queues, "RejectedOrdersQueue", "queue"),
            Find(queues, "OrderCreatedDeadLetterQueue", "queue"),
            Find(queues, "AlertsQueue", "queue"));
    }

    private static string Find(List<string> names, string logicalId, string what) =>
        names.FirstOrDefault(n => n.Contains(logicalId, StringComparison.Ordinal))
        ?? throw new EndpointException($"the endpoint has no {what} named after {logicalId} (found: {string.Join(", ", names)})");

    /// <summary>JSON for a DynamoDB string attribute.</summary>
    public static JsonObject S(string value) => new() { ["S"] = value };
}
