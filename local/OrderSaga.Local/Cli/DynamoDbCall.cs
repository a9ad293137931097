namespace OrderSaga.Local.Cli;

/// <summary>One DynamoDB request as the probe saw it leave for dynalite: who sent it, what it did, and the size of the item it wrote (PutItem).</summary>
internal sealed record DynamoDbCall(string Origin, string Operation, string Table, bool ConsistentRead, int ItemBytes);
