using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrderSaga.Local.Analysis.Tests;

/// <summary>The real saga as data: the locked ASL snapshot, the synthesized template and the shipped compensation map.</summary>
internal static partial class SagaFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrderSaga.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OrderSaga.sln not found above the test folder.");
    });

    private static readonly Lazy<string> AslText = new(() => File.ReadAllText(Path.Combine(Root.Value, "tests", "OrderSaga.Workflow.Tests", "Snapshots", "__snapshots__", "OrderSagaWorkflow.asl.snap")));

    public static string CompensationsPath => Path.Combine(Root.Value, "local", "OrderSaga.Local", "verify", "order-saga.compensations.json");

    /// <summary>A fresh copy each time, so a test can mutate it.</summary>
    public static JsonObject Asl() => (JsonObject)JsonNode.Parse(AslText.Value)!;

    public static JsonObject State(this JsonObject asl, string name) => (JsonObject)asl["States"]![name]!;

    public static MachineReport Verify(JsonObject asl, IReadOnlyDictionary<string, string>? compensations = null) =>
        SagaVerifier.Verify(new MachineSource("OrderSaga", "test", asl), compensations);

    /// <summary>
    /// The snapshot as CDK writes it into a template: an Fn::Join whose placeholders are Ref/GetAtt tokens again, plus the
    /// machine's TimeoutSeconds as a token outside any JSON string.
    /// </summary>
    public static JsonObject TemplateWithFnJoin()
    {
        var text = JsonNode.Parse(AslText.Value)!.ToJsonString().Replace("\"TimeoutSeconds\":3600", "\"TimeoutSeconds\":${Timeout}", StringComparison.Ordinal);
        var parts = new JsonArray();
        var at = 0;
        foreach (Match m in Token().Matches(text))
        {
            parts.Add(text[at..m.Index]);
            var name = m.Groups[1].Value;
            var dot = name.IndexOf('.', StringComparison.Ordinal);
            parts.Add(name.Contains("::", StringComparison.Ordinal) || dot < 0
                ? new JsonObject { ["Ref"] = name }
                : new JsonObject { ["Fn::GetAtt"] = new JsonArray(name[..dot], name[(dot + 1)..]) });
            at = m.Index + m.Length;
        }

        parts.Add(text[at..]);
        var machine = new JsonObject
        {
            ["Type"] = "AWS::StepFunctions::StateMachine",
            ["Properties"] = new JsonObject { ["DefinitionString"] = new JsonObject { ["Fn::Join"] = new JsonArray("", parts) } },
        };
        return new JsonObject { ["Resources"] = new JsonObject { ["OrderSagaStateMachine"] = machine } };
    }

    [GeneratedRegex(@"\$\{([^}]+)\}")]
    private static partial Regex Token();
}
