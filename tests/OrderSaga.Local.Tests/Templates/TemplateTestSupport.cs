using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Tests.Templates;

internal static class TemplateTestSupport
{
    public static readonly TemplateLoadOptions Options = new() { StackName = "TestStack", RequireAssets = false };

    public static StackModel Load(string json, TemplateLoadOptions? options = null) => TemplateLoader.Load(json, options ?? Options);

    public static TemplateException LoadFails(string json, TemplateLoadOptions? options = null) =>
        Assert.Throws<TemplateException>(() => TemplateLoader.Load(json, options ?? Options));

    /// <summary>A template with one queue plus the given outputs, to check what an intrinsic resolves to.</summary>
    public static IReadOnlyDictionary<string, string> Outputs(string outputsJson, string extraResources = "", string extraSections = "", TemplateLoadOptions? options = null)
    {
        var json = $$"""
        {
          {{extraSections}}
          "Resources": {
            "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "orders-queue" } }
            {{extraResources}}
          },
          "Outputs": {{outputsJson}}
        }
        """;
        return Load(json, options).Outputs.ToDictionary(o => o.Key, o => o.Value);
    }
}
