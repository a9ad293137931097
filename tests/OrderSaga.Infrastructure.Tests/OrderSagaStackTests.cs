using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using OrderSaga.Contracts;
using OrderSaga.Workflow;

namespace OrderSaga.Infrastructure.Tests;

public sealed class OrderSagaStackTests(StackSynthFixture synth) : IClassFixture<StackSynthFixture>
{
    private const string RuleType = "AWS::Events::Rule";
    private const string QueueType = "AWS::SQS::Queue";

    public static TheoryData<string, string, string> FunctionsAndTables => new()
    {
        { "InventoryFunction", EnvironmentVariables.InventoryTable, "InventoryTable" },
        { "PaymentFunction", EnvironmentVariables.PaymentsTable, "PaymentsTable" },
        { "NotificationFunction", EnvironmentVariables.NotificationsTable, "NotificationsTable" },
    };

    private string StateMachineId => synth.Json.Resource("AWS::StepFunctions::StateMachine", "OrderSagaStateMachine").LogicalId;

    private string BusId => synth.Json.Resource("AWS::Events::EventBus", "EventBus").LogicalId;

    [Fact]
    public void OrderCreatedRule_EventPattern_MatchesWellFormedOrdersOnly()
    {
        var pattern = synth.Json.Properties(RuleType, "OrderCreatedRule")["EventPattern"]!;

        AssertJson("""
            {
              "detail": { "orderId": [ { "exists": true } ], "totalAmount": [ { "numeric": [ ">", 0 ] } ] },
              "detail-type": [ "Order Created" ],
              "source": [ "ordersaga.orders" ]
            }
            """, pattern);
    }

    [Fact]
    public void OrderCreatedRule_Target_StartsStateMachineWithRetriesAndDeadLetterQueue()
    {
        var rule = synth.Json.Properties(RuleType, "OrderCreatedRule");
        var target = Assert.Single(rule["Targets"]!.AsArray())!;

        Assert.Equal(BusId, (string?)rule["EventBusName"]!["Ref"]);
        Assert.Equal(StateMachineId, (string?)target["Arn"]!["Ref"]);
        Assert.Equal(synth.Json.Resource(QueueType, "OrderCreatedDeadLetterQueue").LogicalId, TemplateJson.References(target["DeadLetterConfig"]).Single());
        AssertJson("""{ "MaximumEventAgeInSeconds": 86400, "MaximumRetryAttempts": 8 }""", target["RetryPolicy"]);
        Assert.NotNull(target["RoleArn"]);
    }

    [Fact]
    public void MalformedOrderRule_EventPattern_IsTheComplementAndGoesToRejectedQueue()
    {
        var rule = synth.Json.Properties(RuleType, "MalformedOrderRule");

        AssertJson("""
            {
              "detail": { "$or": [
                { "orderId": [ { "exists": false } ] },
                { "totalAmount": [ { "exists": false } ] },
                { "totalAmount": [ { "numeric": [ "<=", 0 ] } ] },
                { "totalAmount": [ { "prefix": "" } ] },
                { "totalAmount": [ true, false ] }
              ] },
              "detail-type": [ "Order Created" ],
              "source": [ "ordersaga.orders" ]
            }
            """, rule["EventPattern"]);
        Assert.Equal(synth.Json.Resource(QueueType, "RejectedOrdersQueue").LogicalId, TemplateJson.References(Assert.Single(rule["Targets"]!.AsArray())).Single());
    }

    [Fact]
    public void CompensationFailedRule_SagaAlert_GoesToAlertsQueue()
    {
        var rule = synth.Json.Properties(RuleType, "CompensationFailedRule");

        AssertJson("""{ "detail-type": [ "Order Compensation Failed" ], "source": [ "ordersaga.saga" ] }""", rule["EventPattern"]);
        Assert.Equal(synth.Json.Resource(QueueType, "AlertsQueue").LogicalId, TemplateJson.References(Assert.Single(rule["Targets"]!.AsArray())).Single());
    }

    [Fact]
    public void AuditRule_EverySagaSource_GoesToAuditLogGroupAllowedByResourcePolicy()
    {
        var rule = synth.Json.Properties(RuleType, "AuditRule");
        var logGroupId = synth.Json.Resource("AWS::Logs::LogGroup", "AuditLogGroup").LogicalId;

        AssertJson("""{ "source": [ { "prefix": "ordersaga." } ] }""", rule["EventPattern"]);
        Assert.Contains(logGroupId, TemplateJson.References(Assert.Single(rule["Targets"]!.AsArray())));
        var policy = synth.Json.Properties("AWS::Logs::ResourcePolicy", "AuditLogGroupPolicyResourcePolicy");
        Assert.Contains(logGroupId, TemplateJson.References(policy["PolicyDocument"]));
        Assert.Contains("events.amazonaws.com", policy["PolicyDocument"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Archive_Bus_KeepsSagaEventsThirtyDays()
    {
        synth.Template.HasResourceProperties("AWS::Events::Archive", new Dictionary<string, object>
        {
            ["EventPattern"] = new Dictionary<string, object> { ["source"] = new object[] { new Dictionary<string, object> { ["prefix"] = EventNames.SourcePrefix } } },
            ["RetentionDays"] = 30,
        });
        Assert.Contains(BusId, TemplateJson.References(Assert.Single(synth.Json.Resources("AWS::Events::Archive")).Resource["Properties"]!["SourceArn"]));
    }

    [Fact]
    public void EventBus_Name_ComesFromContextDefault()
    {
        synth.Template.HasResourceProperties("AWS::Events::EventBus", new Dictionary<string, object> { ["Name"] = EventNames.DefaultBusName });
    }

    [Fact]
    public void Queues_All_EncryptedAndKeptFourteenDays()
    {
        synth.Template.ResourceCountIs(QueueType, 3);
        synth.Template.AllResourcesProperties(QueueType, new Dictionary<string, object>
        {
            ["SqsManagedSseEnabled"] = true,
            ["MessageRetentionPeriod"] = 14 * 24 * 3600,
        });
    }

    [Fact]
    public void Tables_All_OnDemandWithPointInTimeRecoveryAndRetained()
    {
        synth.Template.ResourceCountIs("AWS::DynamoDB::Table", 4);
        synth.Template.AllResourcesProperties("AWS::DynamoDB::Table", new Dictionary<string, object>
        {
            ["BillingMode"] = "PAY_PER_REQUEST",
            ["PointInTimeRecoverySpecification"] = new Dictionary<string, object> { ["PointInTimeRecoveryEnabled"] = true },
        });
        synth.Template.AllResources("AWS::DynamoDB::Table", new Dictionary<string, object> { ["DeletionPolicy"] = "Retain" });
    }

    [Theory]
    [InlineData("OrdersTable", "orderId", null)]
    [InlineData("InventoryTable", "sku", null)]
    [InlineData("PaymentsTable", "orderId", null)]
    [InlineData("NotificationsTable", "orderId", "kind")]
    public void Table_KeySchema_UsesContractAttributes(string table, string partitionKey, string? sortKey)
    {
        var keys = synth.Json.Properties("AWS::DynamoDB::Table", table)["KeySchema"]!.AsArray()
            .Select(k => ((string?)k!["AttributeName"], (string?)k["KeyType"]))
            .ToList();

        var expected = new List<(string?, string?)> { (partitionKey, "HASH") };
        if (sortKey is not null)
        {
            expected.Add((sortKey, "RANGE"));
        }

        Assert.Equal(expected, keys);
    }

    [Fact]
    public void StateMachine_Standard_LogsAllWithDataAndTraces()
    {
        var machine = synth.Json.Properties("AWS::StepFunctions::StateMachine", "OrderSagaStateMachine");

        Assert.Equal("STANDARD", (string?)machine["StateMachineType"]);
        Assert.Equal("ALL", (string?)machine["LoggingConfiguration"]!["Level"]);
        Assert.True((bool?)machine["LoggingConfiguration"]!["IncludeExecutionData"]);
        Assert.True((bool?)machine["TracingConfiguration"]!["Enabled"]);
        Assert.Contains(
            synth.Json.Resource("AWS::Logs::LogGroup", "OrderSagaExecutionLogs").LogicalId,
            TemplateJson.References(machine["LoggingConfiguration"]));
    }

    [Theory]
    [MemberData(nameof(FunctionsAndTables))]
    public void Function_Configuration_Dotnet8WithTracingAndOnlyItsTable(string function, string variable, string table)
    {
        var properties = synth.Json.Properties("AWS::Lambda::Function", function);
        var service = function.Replace("Function", "", StringComparison.Ordinal);

        Assert.Equal("dotnet8", (string?)properties["Runtime"]);
        Assert.Equal($"OrderSaga.{service}::OrderSaga.{service}.Function::HandleAsync", (string?)properties["Handler"]);
        Assert.Equal("Active", (string?)properties["TracingConfig"]!["Mode"]);
        Assert.True((int?)properties["Timeout"] < SagaTuning.Default.LambdaTaskTimeout.TotalSeconds, "a function must time out before its Step Functions task does");
        var environment = properties["Environment"]!["Variables"]!.AsObject();
        Assert.Equal([variable], environment.Select(v => v.Key));
        Assert.Equal(synth.Json.Resource("AWS::DynamoDB::Table", table).LogicalId, (string?)environment[variable]!["Ref"]);
    }

    [Fact]
    public void Functions_Template_HoldsOnlyTheThreeServices()
    {
        // No custom-resource handler functions: the local cloud runs every function the template declares.
        synth.Template.ResourceCountIs("AWS::Lambda::Function", 3);
        Assert.DoesNotContain(synth.Json.Root["Resources"]!.AsObject(), r => ((string?)r.Value!["Type"])!.StartsWith("Custom::", StringComparison.Ordinal));
    }

    [Fact]
    public void Policies_AllStatements_GrantNoWildcardActions()
    {
        var actions = synth.Json.Resources("AWS::IAM::Policy").SelectMany(p => TemplateJson.Actions(p.Resource["Properties"])).ToList();

        Assert.NotEmpty(actions);
        Assert.DoesNotContain("*", actions);
        Assert.DoesNotContain(actions, a => a.EndsWith(":*", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(FunctionsAndTables))]
    public void FunctionRole_Policies_ReferenceOnlyItsOwnTable(string function, string variable, string table)
    {
        _ = variable;
        var role = (string?)synth.Json.Properties("AWS::Lambda::Function", function)["Role"]!["Fn::GetAtt"]![0];
        var tables = synth.Json.Resources("AWS::DynamoDB::Table").Select(t => t.LogicalId).ToHashSet();
        var policies = synth.Json.Resources("AWS::IAM::Policy")
            .Where(p => TemplateJson.References(p.Resource["Properties"]!["Roles"]).Contains(role))
            .ToList();

        var referenced = policies.SelectMany(p => TemplateJson.References(p.Resource["Properties"]!["PolicyDocument"])).Where(tables.Contains).Distinct();

        Assert.NotEmpty(policies);
        Assert.Equal([synth.Json.Resource("AWS::DynamoDB::Table", table).LogicalId], referenced);
        Assert.DoesNotContain(policies.SelectMany(p => TemplateJson.Actions(p.Resource["Properties"])), a => !a.StartsWith("dynamodb:", StringComparison.Ordinal) && !a.StartsWith("xray:", StringComparison.Ordinal));
    }

    [Fact]
    public void StateMachineRole_Policies_WriteOrdersPublishToBusAndInvokeTheFunctions()
    {
        var role = (string?)synth.Json.Properties("AWS::StepFunctions::StateMachine", "OrderSagaStateMachine")["RoleArn"]!["Fn::GetAtt"]![0];
        var document = new JsonArray(synth.Json.Resources("AWS::IAM::Policy")
            .Where(p => TemplateJson.References(p.Resource["Properties"]!["Roles"]).Contains(role))
            .Select(p => p.Resource["Properties"]!["PolicyDocument"]!.DeepClone())
            .ToArray());
        var actions = TemplateJson.Actions(document).ToHashSet();
        var references = TemplateJson.References(document).ToHashSet();

        Assert.Superset(new HashSet<string> { "dynamodb:PutItem", "dynamodb:UpdateItem", "events:PutEvents", "lambda:InvokeFunction" }, actions);
        Assert.Empty(actions.Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)).Except(["dynamodb:PutItem", "dynamodb:UpdateItem"]));
        Assert.Contains(synth.Json.Resource("AWS::DynamoDB::Table", "OrdersTable").LogicalId, references);
        Assert.Contains(BusId, references);
        foreach (var function in new[] { "InventoryFunction", "PaymentFunction", "NotificationFunction" })
        {
            Assert.Contains(synth.Json.Resource("AWS::Lambda::Function", function).LogicalId, references);
        }

        foreach (var table in new[] { "InventoryTable", "PaymentsTable", "NotificationsTable" })
        {
            Assert.DoesNotContain(synth.Json.Resource("AWS::DynamoDB::Table", table).LogicalId, references);
        }
    }

    [Theory]
    [InlineData("OrderCreatedDeadLetterAlarm", "ApproximateNumberOfMessagesVisible", "OrderCreatedDeadLetterQueue")]
    [InlineData("RejectedOrdersAlarm", "ApproximateNumberOfMessagesVisible", "RejectedOrdersQueue")]
    [InlineData("CompensationFailedAlarm", "ApproximateNumberOfMessagesVisible", "AlertsQueue")]
    [InlineData("ExecutionsTimedOutAlarm", "ExecutionsTimedOut", "OrderSagaStateMachine")]
    [InlineData("InventoryErrorsAlarm", "Errors", "InventoryFunction")]
    [InlineData("PaymentErrorsAlarm", "Errors", "PaymentFunction")]
    [InlineData("NotificationErrorsAlarm", "Errors", "NotificationFunction")]
    public void Alarm_Watches_TheRightMetricOfTheRightResource(string alarm, string metric, string resource)
    {
        var properties = synth.Json.Properties("AWS::CloudWatch::Alarm", alarm);

        Assert.Equal(metric, (string?)properties["MetricName"]);
        Assert.Equal(1, (double?)properties["Threshold"]);
        Assert.Equal("GreaterThanOrEqualToThreshold", (string?)properties["ComparisonOperator"]);
        var watched = TemplateJson.References(properties["Dimensions"]).Single();
        Assert.StartsWith(resource, watched, StringComparison.Ordinal);
    }

    [Fact]
    public void CancellationRateAlarm_FailedOverStarted_AlarmsOnlyWhenCancellationsBecomeTheRule()
    {
        var properties = synth.Json.Properties("AWS::CloudWatch::Alarm", "CancellationRateAlarm");

        Assert.Equal(50, (double?)properties["Threshold"]);
        Assert.Equal(3, (double?)properties["EvaluationPeriods"]);
        Assert.Equal("GreaterThanThreshold", (string?)properties["ComparisonOperator"]);
        Assert.Equal("notBreaching", (string?)properties["TreatMissingData"]);
        var metrics = properties["Metrics"]!.AsArray().Select(m => m!.AsObject()).ToList();
        var expression = Assert.Single(metrics, m => m.ContainsKey("Expression"));
        Assert.Equal("IF(started >= 20, 100 * failed / started, 0)", (string?)expression["Expression"]);
        var stats = metrics.Where(m => m.ContainsKey("MetricStat")).ToList();
        Assert.Equal(
            new Dictionary<string, string> { ["failed"] = "ExecutionsFailed", ["started"] = "ExecutionsStarted" },
            stats.ToDictionary(m => (string)m["Id"]!, m => (string)m["MetricStat"]!["Metric"]!["MetricName"]!));
        Assert.All(stats, m => Assert.Equal((300d, "Sum"), ((double)m["MetricStat"]!["Period"]!, (string)m["MetricStat"]!["Stat"]!)));
    }

    [Fact]
    public void Alarms_Count_IsEight()
    {
        synth.Template.ResourceCountIs("AWS::CloudWatch::Alarm", 8);
    }

    [Fact]
    public void Dashboard_Body_ShowsExecutionsQueuesFunctionsAndAlarms()
    {
        // The body is an Fn::Join of JSON text and tokens; its literal parts are enough to see what it shows.
        var body = string.Concat(synth.Json.Properties("AWS::CloudWatch::Dashboard", "Dashboard")["DashboardBody"]!["Fn::Join"]![1]!.AsArray()
            .OfType<JsonValue>().Select(v => (string)v!));

        Assert.Contains("\"ExecutionsFailed\"", body, StringComparison.Ordinal);
        Assert.Contains("\"ApproximateNumberOfMessagesVisible\"", body, StringComparison.Ordinal);
        Assert.Contains("\"Errors\"", body, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"alarm\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_Name_BusStateMachineTablesAndQueues()
    {
        var outputs = synth.Json.Root["Outputs"]!.AsObject().Select(o => o.Key).Order(StringComparer.Ordinal);

        Assert.Equal(
            new[]
            {
                "AlertsQueueUrl", "EventBusArn", "EventBusName", "InventoryTableName", "NotificationsTableName",
                "OrderCreatedDeadLetterQueueUrl", "OrdersTableName", "PaymentsTableName", "RejectedOrdersQueueUrl", "StateMachineArn",
            },
            outputs);
        Assert.Equal(StateMachineId, (string?)synth.Json.Root["Outputs"]!["StateMachineArn"]!["Value"]!["Ref"]);
    }

    private static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"expected\n{expectedNode}\nbut the template has\n{actual}");
    }
}
