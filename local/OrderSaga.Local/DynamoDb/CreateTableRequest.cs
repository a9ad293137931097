using System.Text.Json.Nodes;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.DynamoDb;

/// <summary>The CreateTable request for a template table, as DynamoDB's JSON protocol takes it.</summary>
internal static class CreateTableRequest
{
    private const int LocalCapacity = 5;

    public static JsonObject For(TableResource table)
    {
        var onDemand = table.BillingMode == "PAY_PER_REQUEST";
        var request = new JsonObject
        {
            ["TableName"] = table.Name,
            ["KeySchema"] = KeySchema(table.KeySchema),
            ["AttributeDefinitions"] = new JsonArray(table.AttributeDefinitions
                .Select(a => (JsonNode?)new JsonObject { ["AttributeName"] = a.AttributeName, ["AttributeType"] = a.AttributeType })
                .ToArray()),
            ["BillingMode"] = onDemand ? "PAY_PER_REQUEST" : "PROVISIONED",
        };
        if (!onDemand)
        {
            request["ProvisionedThroughput"] = Throughput();
        }

        if (table.GlobalSecondaryIndexes.Count > 0)
        {
            request["GlobalSecondaryIndexes"] = Indexes(table.GlobalSecondaryIndexes, onDemand ? null : Throughput);
        }

        if (table.LocalSecondaryIndexes.Count > 0)
        {
            request["LocalSecondaryIndexes"] = Indexes(table.LocalSecondaryIndexes, null);
        }

        if (table.StreamViewType is { } view)
        {
            request["StreamSpecification"] = new JsonObject { ["StreamEnabled"] = true, ["StreamViewType"] = view };
        }

        return request;
    }

    private static JsonObject Throughput() => new() { ["ReadCapacityUnits"] = LocalCapacity, ["WriteCapacityUnits"] = LocalCapacity };

    private static JsonArray KeySchema(IReadOnlyList<TableKeyElement> keys) =>
        new(keys.Select(k => (JsonNode?)new JsonObject { ["AttributeName"] = k.AttributeName, ["KeyType"] = k.KeyType }).ToArray());

    private static JsonArray Indexes(IReadOnlyList<TableIndex> indexes, Func<JsonObject>? throughput) =>
        new(indexes.Select(index =>
        {
            var projection = new JsonObject { ["ProjectionType"] = index.ProjectionType };
            if (index.NonKeyAttributes.Count > 0)
            {
                projection["NonKeyAttributes"] = new JsonArray(index.NonKeyAttributes.Select(a => (JsonNode?)a).ToArray());
            }

            var node = new JsonObject
            {
                ["IndexName"] = index.IndexName,
                ["KeySchema"] = KeySchema(index.KeySchema),
                ["Projection"] = projection,
            };
            if (throughput is not null)
            {
                node["ProvisionedThroughput"] = throughput();
            }

            return (JsonNode?)node;
        }).ToArray());
}
