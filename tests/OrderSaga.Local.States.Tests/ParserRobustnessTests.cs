using System.Text.Json.Nodes;

namespace OrderSaga.Local.States.Tests;

public sealed class ParserRobustnessTests
{
    private const string Valid = """
        {"StartAt": "P", "TimeoutSeconds": 60, "States": {
          "P": {"Type": "Pass", "Parameters": {"a.$": "$.x", "f.$": "States.Format('{}', $.x)"}, "Next": "C"},
          "C": {"Type": "Choice", "Choices": [{"And": [{"Variable": "$.a", "IsPresent": true}, {"Not": {"Variable": "$.a", "StringEquals": "z"}}], "Next": "T"}], "Default": "F"},
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "TimeoutSeconds": 5,
                "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2, "BackoffRate": 1.5, "JitterStrategy": "FULL"}],
                "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e", "Next": "F"}], "Next": "M"},
          "M": {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"v.$": "$$.Map.Item.Value"}, "MaxConcurrency": 2,
                "ItemProcessor": {"StartAt": "I", "States": {"I": {"Type": "Wait", "Seconds": 1, "End": true}}}, "Next": "Par"},
          "Par": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "Next": "S"},
          "S": {"Type": "Succeed"},
          "F": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
        """;

    [Fact]
    public void Parse_ValidDefinition_Succeeds()
    {
        var result = AslParser.Parse(Valid);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Parse_EveryTruncation_ReportsErrorsWithoutThrowing()
    {
        for (var length = 0; length < Valid.Length - 1; length++)
        {
            var result = AslParser.Parse(Valid[..length]);
            Assert.False(result.Succeeded);
            Assert.NotEmpty(result.Errors);
        }
    }

    [Fact]
    public void Parse_EveryValueReplacedByWrongTypes_ReportsErrorsWithoutThrowing()
    {
        var root = JsonNode.Parse(Valid)!;
        var paths = new List<Func<JsonNode, (JsonNode Parent, object Key)>>();
        Collect(root, paths, n => n);
        JsonNode?[] replacements = [null, 7, "x", new JsonArray(), new JsonObject(), true];
        foreach (var locate in paths)
        {
            foreach (var replacement in replacements)
            {
                var copy = root.DeepClone();
                var (parent, key) = locate(copy);
                if (key is string name)
                {
                    parent[name] = replacement?.DeepClone();
                }
                else
                {
                    parent[(int)key] = replacement?.DeepClone();
                }

                var result = AslParser.Parse(copy);
                Assert.All(result.Errors, e => Assert.False(string.IsNullOrEmpty(e.Location)));
            }
        }
    }

    private static void Collect(JsonNode node, List<Func<JsonNode, (JsonNode, object)>> paths, Func<JsonNode, JsonNode> locate)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var kv in obj)
                {
                    var key = kv.Key;
                    paths.Add(r => (locate(r), key));
                    if (kv.Value is not null)
                    {
                        Collect(kv.Value, paths, r => locate(r)[key]!);
                    }
                }

                break;
            case JsonArray arr:
                for (var i = 0; i < arr.Count; i++)
                {
                    var index = i;
                    paths.Add(r => (locate(r), index));
                    if (arr[i] is { } item)
                    {
                        Collect(item, paths, r => locate(r)[index]!);
                    }
                }

                break;
        }
    }
}
