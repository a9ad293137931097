namespace OrderSaga.Local.Templates;

/// <summary>A stack artifact of a cloud assembly (<c>cdk.out/manifest.json</c>): its name and the absolute path of its template.</summary>
internal sealed record CloudAssemblyStack(string ArtifactId, string StackName, string TemplatePath);
