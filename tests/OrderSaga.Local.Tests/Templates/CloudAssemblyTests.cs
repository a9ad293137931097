using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Tests.Templates;

public class CloudAssemblyTests
{
    [Fact]
    public void LoadStack_Manifest_UsesStackNameAndAssetFolders()
    {
        var root = Directory.CreateTempSubdirectory("cdkout").FullName;
        Directory.CreateDirectory(Path.Combine(root, "asset.f00d"));
        File.WriteAllText(Path.Combine(root, "manifest.json"), """
        {
          "version": "38.0.1",
          "artifacts": {
            "OrderSagaStack.assets": { "type": "cdk:asset-manifest", "properties": { "file": "OrderSagaStack.assets.json" } },
            "OrderSagaStack": { "type": "aws:cloudformation:stack", "environment": "aws://unknown-account/unknown-region",
              "properties": { "templateFile": "OrderSagaStack.template.json", "stackName": "order-saga-dev" } },
            "Tree": { "type": "cdk:tree", "properties": { "file": "tree.json" } }
          }
        }
        """);
        File.WriteAllText(Path.Combine(root, "OrderSagaStack.template.json"), """
        {
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.f00d" }, "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8" } }
          },
          "Outputs": { "Stack": { "Value": { "Ref": "AWS::StackName" } } }
        }
        """);

        var stacks = CloudAssembly.ReadStacks(root);
        var model = CloudAssembly.LoadStack(root, new TemplateLoadOptions());

        Assert.Equal(new CloudAssemblyStack("OrderSagaStack", "order-saga-dev", Path.Combine(root, "OrderSagaStack.template.json")), Assert.Single(stacks));
        Assert.Equal("order-saga-dev", model.StackName);
        Assert.Equal("order-saga-dev", model.Outputs[0].Value);
        Assert.Equal(Path.Combine(root, "asset.f00d"), model.Functions[0].AssetPath);
    }

    [Fact]
    public void LoadStack_NoManifestOrUnknownStack_ExplainsWhat()
    {
        var empty = Directory.CreateTempSubdirectory("cdkout").FullName;

        var missing = Assert.Throws<TemplateException>(() => CloudAssembly.LoadStack(empty, new TemplateLoadOptions()));
        File.WriteAllText(Path.Combine(empty, "manifest.json"), """{ "artifacts": { "A": { "type": "aws:cloudformation:stack", "properties": { "templateFile": "A.template.json" } } } }""");
        var unknown = Assert.Throws<TemplateException>(() => CloudAssembly.LoadStack(empty, new TemplateLoadOptions(), "B"));

        Assert.Contains("cdk synth", missing.Message, StringComparison.Ordinal);
        Assert.Contains("no stack named 'B' (found A)", unknown.Message, StringComparison.Ordinal);
    }
}
