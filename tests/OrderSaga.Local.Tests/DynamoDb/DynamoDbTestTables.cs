using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Tests.DynamoDb;

internal static class DynamoDbTestTables
{
    public static TableResource Create(string logicalId, string name, params string[] keys) => new(
        logicalId,
        name,
        $"arn:aws:dynamodb:us-east-1:000000000000:table/{name}",
        keys.Select((k, i) => new TableKeyElement(k, i == 0 ? "HASH" : "RANGE")).ToList(),
        keys.Select(k => new TableAttributeDefinition(k, "S")).ToList(),
        "PAY_PER_REQUEST",
        [],
        [],
        null,
        null);
}
