using OrderSaga.Local.States.Runtime;
using OrderSaga.Local.StepFunctions;
using OrderSaga.Local.Templates;
using Xunit.Abstractions;

namespace OrderSaga.Local.Tests.BadInput;

/// <summary>
/// Generated mutations of a valid state machine definition and of a small template: the engine and the loader either
/// accept them or reject them with their documented exception, every error located; nothing else escapes.
/// </summary>
public sealed class DefinitionBadInputTests(ITestOutputHelper output)
{
    private const int Seed = 20_261_124;

    private const string Definition = """
        {"Comment": "c", "StartAt": "Prepare", "States": {
          "Prepare": {"Type": "Pass", "Result": {"a": 1}, "ResultPath": "$.prepare", "Next": "Check"},
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$.prepare.a", "NumericEquals": 1, "Next": "Charge"}], "Default": "Failed"},
          "Charge": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:000000000000:function:charge", "TimeoutSeconds": 5,
                     "Parameters": {"order.$": "$.order", "n.$": "States.MathAdd($.prepare.a, 1)"},
                     "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 2, "BackoffRate": 2.0}],
                     "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}], "Next": "Wait"},
          "Wait": {"Type": "Wait", "Seconds": 1, "Next": "Done"},
          "Done": {"Type": "Succeed"},
          "Failed": {"Type": "Fail", "Error": "E", "Cause": "C"}}}
        """;

    private const string Template = """
        {
          "Parameters": {"Env": {"Type": "String", "Default": "dev"}},
          "Resources": {
            "Queue": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": {"Fn::Sub": "orders-${Env}"}, "VisibilityTimeout": 30}},
            "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "Orders", "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}], "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}},
            "Fn": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:asset:path": "asset.1"}, "Properties": {"Handler": "A::B::C", "Runtime": "dotnet8", "Environment": {"Variables": {"QUEUE": {"Ref": "Queue"}}}}},
            "Machine": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::Join": ["", ["{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"", {"Fn::GetAtt": ["Fn", "Arn"]}, "\",\"End\":true}}}"]]}}},
            "Rule": {"Type": "AWS::Events::Rule", "Properties": {"EventPattern": {"source": ["orders"]}, "Targets": [{"Id": "q", "Arn": {"Fn::GetAtt": ["Queue", "Arn"]}}]}}
          },
          "Outputs": {"QueueUrl": {"Value": {"Ref": "Queue"}}}
        }
        """;

    private static readonly TemplateLoadOptions LoadOptions = new() { StackName = "BadInputStack", RequireAssets = false };

    [Fact]
    public void TryCompile_MutatedDefinitions_ReturnLocatedErrorsNeverThrow()
    {
        var failures = new List<string>();
        var counts = new int[2];
        foreach (var (label, text) in JsonMutations.Of(Definition, Seed, flips: 600, randomTexts: 200))
        {
            try
            {
                var compiled = CompiledStateMachine.TryCompile(text, out var machine, out var errors);
                counts[compiled ? 0 : 1]++;
                if (compiled && (machine is null || errors.Count > 0))
                {
                    failures.Add($"{label}: compiled, but machine={machine is not null} errors={errors.Count}");
                }
                else if (!compiled && (errors.Count == 0 || errors.Any(e => string.IsNullOrWhiteSpace(e.Location) || string.IsNullOrWhiteSpace(e.Message))))
                {
                    failures.Add($"{label}: rejected without a located error: [{string.Join("; ", errors)}]");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"TryCompile: {counts[0] + counts[1]} mutations (seed {Seed}), {counts[0]} still valid, {counts[1]} rejected");
        Assert.True(counts[1] > counts[0], "the mutations should mostly be invalid definitions");
        Assert.True(failures.Count == 0, $"{failures.Count} mutations failed (seed {Seed}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public void Deploy_MutatedDefinitions_ThrowOnlyInvalidDefinitionException()
    {
        var registry = new StateMachineRegistry(new ExecutionServices { TaskInvoker = new RefusingTaskInvoker(), Time = new VirtualTimeProvider(DateTimeOffset.UnixEpoch) }, "us-east-1", "000000000000");
        var failures = new List<string>();
        var deployed = 0;
        var count = 0;
        foreach (var (label, text) in JsonMutations.Of(Definition, Seed + 1, flips: 200, randomTexts: 50))
        {
            count++;
            try
            {
                registry.Deploy($"m{count}", text, StateMachineType.Standard, "arn:aws:iam::000000000000:role/r");
                deployed++;
            }
            catch (InvalidDefinitionException ex)
            {
                if (ex.Errors.Count == 0 || ex.Errors.Any(e => string.IsNullOrWhiteSpace(e.Location)))
                {
                    failures.Add($"{label}: InvalidDefinitionException without located errors: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"Deploy: {count} mutations (seed {Seed + 1}), {deployed} deployed");
        Assert.Equal(deployed, registry.StateMachines.Count());
        Assert.True(failures.Count == 0, $"{failures.Count} mutations failed (seed {Seed + 1}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public void Load_MutatedTemplates_ThrowOnlyTemplateExceptionWithPaths()
    {
        var failures = new List<string>();
        var loaded = 0;
        var count = 0;
        foreach (var (label, text) in JsonMutations.Of(Template, Seed + 2, flips: 400, randomTexts: 100))
        {
            count++;
            try
            {
                TemplateLoader.Load(text, LoadOptions);
                loaded++;
            }
            catch (TemplateException ex)
            {
                if (ex.Errors.Count == 0 || ex.Errors.Any(e => string.IsNullOrWhiteSpace(e.Path) || string.IsNullOrWhiteSpace(e.Message)))
                {
                    failures.Add($"{label}: TemplateException without a path per error: {ex.Message}");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{label}: {ex.GetType().Name}: {ex.Message}");
            }
        }

        output.WriteLine($"TemplateLoader.Load: {count} mutations (seed {Seed + 2}), {loaded} loaded");
        Assert.True(failures.Count == 0, $"{failures.Count} mutations failed (seed {Seed + 2}):{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    [Fact]
    public void Load_ValidTemplateAndDefinition_AreAccepted()
    {
        // The mutation tests start from these two; they must be valid for "rejected" to mean anything.
        Assert.True(CompiledStateMachine.TryCompile(Definition, out _, out var errors), string.Join("; ", errors));
        var model = TemplateLoader.Load(Template, LoadOptions);
        Assert.Single(model.Queues);
        Assert.Single(model.StateMachines);
    }

    [Fact]
    public void Load_DeeplyNestedTemplate_ThrowsTemplateException()
    {
        var text = $"{{\"Resources\": {HostileJson.DeepObjectText(HostileJson.DeepLevels)}}}";
        var error = Assert.Throws<TemplateException>(() => TemplateLoader.Load(text, LoadOptions));
        Assert.All(error.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Path)));
    }

    private sealed class RefusingTaskInvoker : ITaskInvoker
    {
        public ValueTask<TaskOutcome> InvokeAsync(TaskRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(TaskOutcome.Failure("States.TaskFailed", "deploy-only tests run nothing"));
    }
}
