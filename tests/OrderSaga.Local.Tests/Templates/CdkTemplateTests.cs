using System.Text.Json.Nodes;
using OrderSaga.Local.Templates;
using OrderSaga.Testing;

namespace OrderSaga.Local.Tests.Templates;

/// <summary>
/// Loads a template that CDK 2.160 synthesized (Fixtures/cdk-2.160-sample.template.json: a bus, archive, rules with
/// state machine, log group and SQS targets, queues, a table, a .NET function, a state machine, IAM, alarm, dashboard),
/// so the loader is held to what CDK really emits rather than to hand-written templates only.
/// </summary>
public class CdkTemplateTests
{
    private static readonly string Fixture = RepositoryPaths.Combine("tests", "OrderSaga.Local.Tests", "Templates", "Fixtures", "cdk-2.160-sample.template.json");

    [Fact]
    public void Load_CdkSynthesizedTemplate_BuildsEverySupportedResource()
    {
        var model = LoadFixture();

        Assert.Equal("order-saga", Assert.Single(model.EventBuses).Name);
        Assert.Single(model.Archives);
        Assert.Equal(2, model.Queues.Count);
        Assert.Single(model.Tables);
        Assert.Equal(2, model.LogGroups.Count);
        Assert.Equal(3, model.Rules.Count);
        Assert.All(model.Rules, r => Assert.Equal("order-saga", r.EventBusName));
        var function = Assert.Single(model.Functions);
        Assert.Equal("dotnet8", function.Runtime);
        Assert.Equal(model.Tables[0].Name, function.Environment["ORDERS_TABLE"]);
    }

    [Fact]
    public void Load_CdkSynthesizedTemplate_ResolvesStateMachineDefinition()
    {
        var model = LoadFixture();

        var machine = Assert.Single(model.StateMachines);
        var states = JsonNode.Parse(machine.Definition)!["States"]!;
        Assert.Equal(model.Tables[0].Name, states["RecordOrder"]!["Parameters"]!["TableName"]!.GetValue<string>());
        Assert.Equal(model.Functions[0].Arn, states["ReserveInventory"]!["Resource"]!.GetValue<string>());
        Assert.Equal(model.EventBuses[0].Arn, states["PublishOrderConfirmed"]!["Parameters"]!["Entries"]![0]!["EventBusName"]!.GetValue<string>());
        Assert.Equal("ALL", machine.Logging!.Level);
        Assert.True(machine.TracingEnabled);
    }

    [Fact]
    public void Load_CdkSynthesizedTemplate_ResolvesRuleTargets()
    {
        var model = LoadFixture();
        var dlq = model.Queues.Single(q => q.RedrivePolicy is null);
        var rejected = model.Queues.Single(q => q.RedrivePolicy is not null);
        var audit = model.LogGroups.Single(l => l.LogicalId.StartsWith("AuditLogs", StringComparison.Ordinal));

        var sagaTarget = model.Rules.SelectMany(r => r.Targets).Single(t => t.Arn == model.StateMachines[0].Arn);
        Assert.Equal(dlq.Arn, sagaTarget.DeadLetterArn);
        Assert.Equal(new TargetRetryPolicy(4, 3600), sagaTarget.RetryPolicy);
        Assert.Contains(model.Rules.SelectMany(r => r.Targets), t => t.Arn == $"arn:aws:logs:us-east-1:000000000000:log-group:{audit.Name}");
        var transformed = model.Rules.SelectMany(r => r.Targets).Single(t => t.Arn == rejected.Arn);
        Assert.Equal("$.detail.orderId", transformed.InputTransformer!.InputPathsMap["detail-orderId"]);
        Assert.Equal(new QueueRedrivePolicy(dlq.Arn, 3), rejected.RedrivePolicy);
    }

    [Fact]
    public void Load_CdkSynthesizedTemplate_IgnoresWhatIsNotRunLocallyWithReasons()
    {
        var model = LoadFixture();

        var byType = model.Ignored.GroupBy(i => i.Type).ToDictionary(g => g.Key, g => g.First().Reason);
        Assert.Equal("IAM is not enforced locally", byType["AWS::IAM::Role"]);
        Assert.Equal("IAM is not enforced locally", byType["AWS::IAM::Policy"]);
        Assert.Contains("alarms", byType["AWS::CloudWatch::Alarm"], StringComparison.Ordinal);
        Assert.Contains("dashboards", byType["AWS::CloudWatch::Dashboard"], StringComparison.Ordinal);
        Assert.Contains("resource policies", byType["AWS::SQS::QueuePolicy"], StringComparison.Ordinal);
        Assert.Contains("custom resources", byType["Custom::CloudwatchLogResourcePolicy"], StringComparison.Ordinal);
        Assert.Contains("nodejs", byType["AWS::Lambda::Function"], StringComparison.Ordinal);
        Assert.Contains("metadata", byType["AWS::CDK::Metadata"], StringComparison.Ordinal);
    }

    private static StackModel LoadFixture() =>
        TemplateLoader.LoadFile(Fixture, new TemplateLoadOptions { StackName = "ProbeStack", RequireAssets = false, AssetRoot = Path.GetTempPath() });
}
