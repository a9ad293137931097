using System.Text;
using System.Text.Json.Nodes;
using OrderSaga.Local.Lambda;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.Tests.Lambda;

public class TemplateFunctionTests(LambdaHostFixture fixture) : IClassFixture<LambdaHostFixture>
{
    [Fact]
    public async Task Deploy_FunctionFromCloudAssembly_RunsWithTemplateEnvironment()
    {
        var cdkOut = Directory.CreateTempSubdirectory("cdkout").FullName;
        var asset = Path.Combine(cdkOut, "asset.5e1f");
        Directory.CreateDirectory(asset);
        foreach (var file in Directory.GetFiles(LambdaHostFixture.HandlersFolder))
        {
            File.Copy(file, Path.Combine(asset, Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(cdkOut, "manifest.json"), """
        { "artifacts": { "SagaStack": { "type": "aws:cloudformation:stack", "properties": { "templateFile": "SagaStack.template.json" } } } }
        """);
        File.WriteAllText(Path.Combine(cdkOut, "SagaStack.template.json"), """
        {
          "Resources": {
            "OrdersTable": { "Type": "AWS::DynamoDB::Table", "Properties": { "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "AttributeDefinitions": [{ "AttributeName": "orderId", "AttributeType": "S" }] } },
            "ReadEnvFunction": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.5e1f" },
              "Properties": { "Handler": "OrderSaga.Local.TestHandlers::OrderSaga.Local.TestHandlers.Functions::ReadEnvironment", "Runtime": "dotnet8",
                "Environment": { "Variables": { "ORDERS_TABLE": { "Ref": "OrdersTable" } } } } }
          }
        }
        """);

        var model = CloudAssembly.LoadStack(cdkOut, new TemplateLoadOptions());
        var function = LambdaFunctionConfiguration.From(model.Functions[0]);
        fixture.Host.Deploy(function);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var result = await fixture.Host.InvokeAsync(function.Name, Encoding.UTF8.GetBytes("ORDERS_TABLE\nAWS_LAMBDA_FUNCTION_NAME"), limit.Token);

        var environment = JsonNode.Parse(result.PayloadText)!;
        Assert.Equal(model.Tables[0].Name, environment["ORDERS_TABLE"]!.GetValue<string>());
        Assert.Equal(function.Name, environment["AWS_LAMBDA_FUNCTION_NAME"]!.GetValue<string>());
        Assert.StartsWith("SagaStack-ReadEnvFunction-", function.Name, StringComparison.Ordinal);
    }
}
