using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.Assertions;
using OrderSaga.Testing;

namespace OrderSaga.Infrastructure.Tests;

/// <summary>
/// Synthesizes the real stack once per test class, with cdk.json's feature flags and without bundling (the tests
/// read the template; publishing three services would only make them slow).
/// </summary>
public sealed class StackSynthFixture
{
    public const string StackName = "OrderSagaStack";

    public StackSynthFixture()
    {
        var context = new Dictionary<string, object>();
        var cdkJson = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Combine("cdk.json")))!;
        foreach (var (key, value) in cdkJson["context"]!.AsObject())
        {
            context[key] = value switch
            {
                JsonArray array => array.Select(e => e!.ToString()).ToArray(),
                JsonValue v when v.TryGetValue(out bool flag) => flag,
                _ => value!.ToString(),
            };
        }

        context["aws:cdk:bundling-stacks"] = Array.Empty<string>();

        var outdir = Directory.CreateTempSubdirectory("ordersaga-stack-synth-").FullName;
        try
        {
            var app = new App(new AppProps { Outdir = outdir, Context = context });
            var stack = new OrderSagaStack(app, StackName, new OrderSagaStackProps { RepositoryRoot = RepositoryPaths.Root });

            // Template.FromStack synthesizes the app once; the same assembly is on disk for the JSON walks.
            Template = Template.FromStack(stack);
            Json = new TemplateJson(JsonNode.Parse(File.ReadAllText(Path.Combine(outdir, StackName + ".template.json")))!.AsObject());
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }
    }

    public Template Template { get; }

    public TemplateJson Json { get; }
}
