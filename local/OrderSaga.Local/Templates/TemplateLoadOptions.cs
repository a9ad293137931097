namespace OrderSaga.Local.Templates;

/// <summary>How the local cloud names and addresses what it deploys.</summary>
internal sealed record TemplateLoadOptions
{
    public string Region { get; init; } = "us-east-1";

    public string AccountId { get; init; } = "000000000000";

    /// <summary>The stack name used for <c>AWS::StackName</c> and generated physical names; the manifest's stack name when loading a cloud assembly.</summary>
    public string StackName { get; init; } = "OrderSagaStack";

    /// <summary>Base of the SQS queue URLs that <c>Ref</c> on a queue returns (the local endpoint).</summary>
    public string QueueUrlBase { get; init; } = "http://127.0.0.1:4566";

    /// <summary>Values for template parameters; parameters not listed take their <c>Default</c>.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Folder that Lambda asset paths (<c>aws:asset:path</c> metadata) are relative to: the cloud assembly folder, <c>cdk.out</c>.</summary>
    public string? AssetRoot { get; init; }

    /// <summary>When true, a Lambda function whose asset folder is missing is an error.</summary>
    public bool RequireAssets { get; init; } = true;
}
