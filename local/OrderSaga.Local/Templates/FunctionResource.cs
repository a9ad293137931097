namespace OrderSaga.Local.Templates;

/// <summary>A Lambda function; <see cref="AssetPath"/> is the absolute folder holding its published code.</summary>
internal sealed record FunctionResource(
    string LogicalId,
    string Name,
    string Arn,
    string Handler,
    string Runtime,
    int TimeoutSeconds,
    int MemorySizeMb,
    IReadOnlyDictionary<string, string> Environment,
    string? AssetPath,
    string? RoleArn,
    string? Description) : StackResource(LogicalId, Name, Arn);
