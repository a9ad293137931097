using System.Text.Json.Nodes;
using OrderSaga.Local.Templates;
using static OrderSaga.Local.Tests.Templates.TemplateTestSupport;

namespace OrderSaga.Local.Tests.Templates;

public class StackModelTests
{
    [Fact]
    public void Load_ResourcesWithoutNames_GetStableCloudFormationLikeNames()
    {
        const string json = """
        {
          "Resources": {
            "OrdersTable4C6A2B1F": { "Type": "AWS::DynamoDB::Table", "Properties": { "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "AttributeDefinitions": [{ "AttributeName": "orderId", "AttributeType": "S" }] } },
            "AVeryLongLogicalIdForAFunctionThatWouldNotFitIntoSixtyFourCharacters12345678": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.1" }, "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8" } },
            "DeadLetters": { "Type": "AWS::SQS::Queue", "Properties": { "FifoQueue": true } },
            "SagaFFCB306E": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "DefinitionString": "{}" } }
          }
        }
        """;

        var first = Load(json);
        var second = Load(json);

        var table = Assert.Single(first.Tables);
        Assert.Matches("^TestStack-OrdersTable4C6A2B1F-[A-Z0-9]{12}$", table.Name);
        Assert.Equal(table.Name, Assert.Single(second.Tables).Name);
        var function = Assert.Single(first.Functions);
        Assert.True(function.Name.Length <= 64, function.Name);
        Assert.StartsWith("TestStack-AVeryLong", function.Name, StringComparison.Ordinal);
        Assert.EndsWith(".fifo", Assert.Single(first.Queues).Name, StringComparison.Ordinal);
        Assert.Matches("^SagaFFCB306E-[A-Z0-9]{12}$", Assert.Single(first.StateMachines).Name);
        Assert.NotEqual(table.Name, Load(json, Options with { StackName = "OtherStack" }).Tables[0].Name);
    }

    [Fact]
    public void Load_EventBusRuleWithTargets_BuildsRuleModel()
    {
        var model = Load("""
        {
          "Resources": {
            "Bus": { "Type": "AWS::Events::EventBus", "Properties": { "Name": "order-saga" } },
            "Dlq": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "order-created-dlq" } },
            "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "StateMachineName": "saga", "DefinitionString": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Succeed\"}}}" } },
            "OrderCreatedRule": { "Type": "AWS::Events::Rule", "Properties": {
              "Name": "order-created",
              "EventBusName": { "Ref": "Bus" },
              "EventPattern": { "source": ["ordersaga.orders"], "detail-type": ["Order Created"], "detail": { "totalAmount": [{ "numeric": [">", 0] }] } },
              "State": "ENABLED",
              "Targets": [
                { "Id": "Target0", "Arn": { "Ref": "Machine" }, "RoleArn": "arn:aws:iam::000000000000:role/x",
                  "InputPath": "$.detail",
                  "RetryPolicy": { "MaximumRetryAttempts": 4, "MaximumEventAgeInSeconds": 3600 },
                  "DeadLetterConfig": { "Arn": { "Fn::GetAtt": ["Dlq", "Arn"] } } },
                { "Id": "Target1", "Arn": { "Fn::GetAtt": ["Dlq", "Arn"] },
                  "InputTransformer": { "InputPathsMap": { "id": "$.detail.orderId" }, "InputTemplate": "{\"orderId\": <id>}" } }
              ] } },
            "Archive": { "Type": "AWS::Events::Archive", "Properties": { "SourceArn": { "Fn::GetAtt": ["Bus", "Arn"] }, "RetentionDays": 7, "EventPattern": { "source": [{ "prefix": "ordersaga." }] } } }
          }
        }
        """);

        var rule = Assert.Single(model.Rules);
        Assert.Equal("order-created", rule.Name);
        Assert.Equal("order-saga", rule.EventBusName);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:rule/order-saga/order-created", rule.Arn);
        var pattern = JsonNode.Parse(rule.EventPattern!)!;
        Assert.Equal("Order Created", pattern["detail-type"]![0]!.GetValue<string>());
        Assert.Equal(2, rule.Targets.Count);
        var machineTarget = rule.Targets[0];
        Assert.Equal("arn:aws:states:us-east-1:000000000000:stateMachine:saga", machineTarget.Arn);
        Assert.Equal("$.detail", machineTarget.InputPath);
        Assert.Equal(new TargetRetryPolicy(4, 3600), machineTarget.RetryPolicy);
        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:order-created-dlq", machineTarget.DeadLetterArn);
        var transformer = rule.Targets[1].InputTransformer!;
        Assert.Equal("$.detail.orderId", transformer.InputPathsMap["id"]);
        Assert.Equal("{\"orderId\": <id>}", transformer.InputTemplate);
        var archive = Assert.Single(model.Archives);
        Assert.Equal("arn:aws:events:us-east-1:000000000000:event-bus/order-saga", archive.SourceArn);
        Assert.Equal(7, archive.RetentionDays);
        Assert.Equal("order-saga", Assert.Single(model.EventBuses).Name);
    }

    [Fact]
    public void Load_QueueRedrivePolicy_AcceptsObjectAndJsonText()
    {
        var model = Load("""
        {
          "Resources": {
            "Dlq": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "dlq", "MessageRetentionPeriod": 1209600 } },
            "Main": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "main", "VisibilityTimeout": "45",
              "RedrivePolicy": { "deadLetterTargetArn": { "Fn::GetAtt": ["Dlq", "Arn"] }, "maxReceiveCount": 3 } } },
            "Other": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "other",
              "RedrivePolicy": "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":5}" } }
          }
        }
        """);

        var main = model.Queues.Single(q => q.Name == "main");
        Assert.Equal(45, main.VisibilityTimeoutSeconds);
        Assert.Equal(new QueueRedrivePolicy("arn:aws:sqs:us-east-1:000000000000:dlq", 3), main.RedrivePolicy);
        Assert.Equal(5, model.Queues.Single(q => q.Name == "other").RedrivePolicy!.MaxReceiveCount);
        Assert.Equal(1209600, model.Queues.Single(q => q.Name == "dlq").MessageRetentionPeriodSeconds);
        Assert.Equal("http://127.0.0.1:4566/000000000000/main", main.Url);
    }

    [Fact]
    public void Load_TableWithIndexes_BuildsKeySchema()
    {
        var model = Load("""
        {
          "Resources": {
            "Notifications": { "Type": "AWS::DynamoDB::Table", "Properties": {
              "TableName": "notifications", "BillingMode": "PAY_PER_REQUEST",
              "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }, { "AttributeName": "kind", "KeyType": "RANGE" }],
              "AttributeDefinitions": [{ "AttributeName": "orderId", "AttributeType": "S" }, { "AttributeName": "kind", "AttributeType": "S" }, { "AttributeName": "email", "AttributeType": "S" }],
              "GlobalSecondaryIndexes": [{ "IndexName": "byEmail", "KeySchema": [{ "AttributeName": "email", "KeyType": "HASH" }], "Projection": { "ProjectionType": "INCLUDE", "NonKeyAttributes": ["subject"] } }],
              "PointInTimeRecoverySpecification": { "PointInTimeRecoveryEnabled": true } } }
          }
        }
        """);

        var table = Assert.Single(model.Tables);
        Assert.Equal([new TableKeyElement("orderId", "HASH"), new TableKeyElement("kind", "RANGE")], table.KeySchema);
        Assert.Equal("PAY_PER_REQUEST", table.BillingMode);
        var index = Assert.Single(table.GlobalSecondaryIndexes);
        Assert.Equal("byEmail", index.IndexName);
        Assert.Equal(["subject"], index.NonKeyAttributes);
    }

    [Fact]
    public void Load_TableKeyWithoutDefinition_IsAnError()
    {
        var error = LoadFails("""
        { "Resources": { "T": { "Type": "AWS::DynamoDB::Table", "Properties": { "KeySchema": [{ "AttributeName": "sku", "KeyType": "HASH" }], "AttributeDefinitions": [] } } } }
        """);

        Assert.Equal("Resources.T.Properties.AttributeDefinitions", Assert.Single(error.Errors).Path);
    }

    [Fact]
    public void Load_Function_ResolvesEnvironmentAndAssetFolder()
    {
        var root = Directory.CreateTempSubdirectory("cdkout").FullName;
        Directory.CreateDirectory(Path.Combine(root, "asset.abc123"));
        var model = Load("""
        {
          "Resources": {
            "Inventory": { "Type": "AWS::DynamoDB::Table", "Properties": { "KeySchema": [{ "AttributeName": "sku", "KeyType": "HASH" }], "AttributeDefinitions": [{ "AttributeName": "sku", "AttributeType": "S" }] } },
            "InventoryFunction": { "Type": "AWS::Lambda::Function",
              "Metadata": { "aws:cdk:path": "Stack/InventoryFunction/Resource", "aws:asset:path": "asset.abc123", "aws:asset:is-bundled": true, "aws:asset:property": "Code" },
              "Properties": {
                "Code": { "S3Bucket": { "Fn::Sub": "cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}" }, "S3Key": "abc123.zip" },
                "Handler": "OrderSaga.Inventory::OrderSaga.Inventory.Function::HandleAsync",
                "Runtime": "dotnet8", "Timeout": 10, "MemorySize": 512,
                "Role": { "Fn::GetAtt": ["InventoryRole", "Arn"] },
                "Environment": { "Variables": { "INVENTORY_TABLE": { "Ref": "Inventory" }, "MAX_ITEMS": 20 } } } },
            "InventoryRole": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": {} } }
          }
        }
        """, Options with { AssetRoot = root, RequireAssets = true });

        var function = Assert.Single(model.Functions);
        Assert.Equal("OrderSaga.Inventory::OrderSaga.Inventory.Function::HandleAsync", function.Handler);
        Assert.Equal(10, function.TimeoutSeconds);
        Assert.Equal(512, function.MemorySizeMb);
        Assert.Equal(model.Tables[0].Name, function.Environment["INVENTORY_TABLE"]);
        Assert.Equal("20", function.Environment["MAX_ITEMS"]);
        Assert.Equal(Path.Combine(root, "asset.abc123"), function.AssetPath);
        Assert.StartsWith("arn:aws:iam::000000000000:role/TestStack-InventoryRole-", function.RoleArn, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FunctionDefaultsAndMissingAssets_AreReported()
    {
        var root = Directory.CreateTempSubdirectory("cdkout").FullName;
        var error = LoadFails("""
        {
          "Resources": {
            "NoMetadata": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8", "Code": { "S3Bucket": "b", "S3Key": "k" } } },
            "MissingFolder": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.gone" }, "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8" } },
            "NoHandler": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "." }, "Properties": { "Runtime": "dotnet8" } }
          }
        }
        """, Options with { AssetRoot = root, RequireAssets = true });

        Assert.Contains(error.Errors, e => e.Path == "Resources.NoMetadata.Metadata" && e.Message.Contains("aws:asset:path", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Resources.MissingFolder.Metadata.aws:asset:path" && e.Message.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Resources.NoHandler.Properties.Handler" && e.Message == "is required");

        var defaults = Load("""
        { "Resources": { "F": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.x" }, "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8" } } } }
        """).Functions[0];
        Assert.Equal(3, defaults.TimeoutSeconds);
        Assert.Equal(128, defaults.MemorySizeMb);
        Assert.Empty(defaults.Environment);
    }

    [Fact]
    public void Load_FunctionWithoutAssetMetadata_FindsStagedAssetByS3Key()
    {
        var root = Directory.CreateTempSubdirectory("cdkout").FullName;
        const string hash = "4f7c9a0e2b6d1c3a5e8f0b2d4c6a8e0f1b3d5c7a9e1f3b5d7c9a1e3f5b7d9c1a";
        Directory.CreateDirectory(Path.Combine(root, "asset." + hash));

        var model = Load($$"""
        { "Resources": { "F": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8",
            "Code": { "S3Bucket": "cdk-assets", "S3Key": "{{hash}}.zip" } } } } }
        """, Options with { AssetRoot = root, RequireAssets = true });

        Assert.Equal(Path.Combine(root, "asset." + hash), model.Functions[0].AssetPath);
    }

    [Fact]
    public void Load_FunctionWithoutAssetMetadata_FindsAssetStagedWithSourceExtension()
    {
        var root = Directory.CreateTempSubdirectory("cdkout").FullName;
        const string hash = "06a4a6e2689e3fe217509c25be7cf44dd28bc77779e3414d852a4e5e4967170c";
        Directory.CreateDirectory(Path.Combine(root, $"asset.{hash}.0"));

        var model = Load($$"""
        { "Resources": { "F": { "Type": "AWS::Lambda::Function", "Properties": { "Handler": "A::B::C", "Runtime": "dotnet8",
            "Code": { "S3Bucket": "cdk-assets", "S3Key": "{{hash}}.zip" } } } } }
        """, Options with { AssetRoot = root, RequireAssets = true });

        Assert.Equal(Path.Combine(root, $"asset.{hash}.0"), model.Functions[0].AssetPath);
    }

    [Fact]
    public void Load_NodeFunctionsCdkAddsForItself_AreIgnoredWithReason()
    {
        var model = Load("""
        {
          "Resources": {
            "AWS679f53fac002430cb0da5b7982bd22872D164C4C": { "Type": "AWS::Lambda::Function",
              "Metadata": { "aws:asset:path": "asset.node" },
              "Properties": { "Handler": "index.handler", "Runtime": "nodejs18.x", "Code": { "S3Bucket": "b", "S3Key": "k.zip" } } },
            "LogPolicy": { "Type": "Custom::CloudwatchLogResourcePolicy", "Properties": { "ServiceToken": { "Fn::GetAtt": ["AWS679f53fac002430cb0da5b7982bd22872D164C4C", "Arn"] } } }
          }
        }
        """);

        Assert.Empty(model.Functions);
        var reasons = model.Ignored.ToDictionary(i => i.LogicalId, i => i.Reason);
        Assert.Equal("Lambda runtime 'nodejs18.x' cannot run locally; only the .NET managed runtimes do", reasons["AWS679f53fac002430cb0da5b7982bd22872D164C4C"]);
        Assert.Equal("custom resources are not run locally", reasons["LogPolicy"]);
    }

    [Fact]
    public void Load_StateMachineDefinitionJoin_ResolvesToValidAsl()
    {
        var model = Load("""
        {
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.x" }, "Properties": { "FunctionName": "charge", "Handler": "A::B::C", "Runtime": "dotnet8" } },
            "Orders": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": "orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "AttributeDefinitions": [{ "AttributeName": "orderId", "AttributeType": "S" }] } },
            "Logs": { "Type": "AWS::Logs::LogGroup", "Properties": { "RetentionInDays": 7 } },
            "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": {
              "StateMachineName": "order-saga",
              "DefinitionString": { "Fn::Join": ["", [
                "{\"StartAt\":\"Record\",\"States\":{\"Record\":{\"Type\":\"Task\",\"Resource\":\"arn:",
                { "Ref": "AWS::Partition" },
                ":states:::dynamodb:putItem\",\"Parameters\":{\"TableName\":\"",
                { "Ref": "Orders" },
                "\"},\"Next\":\"Charge\"},\"Charge\":{\"Type\":\"Task\",\"Resource\":\"${ChargeArn}\",\"End\":true}}}"
              ]] },
              "DefinitionSubstitutions": { "ChargeArn": { "Fn::GetAtt": ["Fn", "Arn"] } },
              "LoggingConfiguration": { "Level": "ALL", "IncludeExecutionData": true, "Destinations": [{ "CloudWatchLogsLogGroup": { "LogGroupArn": { "Fn::GetAtt": ["Logs", "Arn"] } } }] },
              "TracingConfiguration": { "Enabled": true } } }
          }
        }
        """);

        var machine = Assert.Single(model.StateMachines);
        var definition = JsonNode.Parse(machine.Definition)!;
        Assert.Equal("arn:aws:states:::dynamodb:putItem", definition["States"]!["Record"]!["Resource"]!.GetValue<string>());
        Assert.Equal("orders", definition["States"]!["Record"]!["Parameters"]!["TableName"]!.GetValue<string>());
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:charge", definition["States"]!["Charge"]!["Resource"]!.GetValue<string>());
        Assert.Equal("STANDARD", machine.Type);
        Assert.True(machine.TracingEnabled);
        Assert.Equal("ALL", machine.Logging!.Level);
        Assert.Equal(model.LogGroups[0].Arn, Assert.Single(machine.Logging.LogGroupArns));
        Assert.Equal(7, model.LogGroups[0].RetentionInDays);
    }

    [Fact]
    public void Load_StateMachineDefinitionNotJson_IsAnError()
    {
        var error = LoadFails("""
        { "Resources": { "M": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "DefinitionString": { "Fn::Join": ["", ["{\"StartAt\":", "oops"]] } } } } }
        """);

        Assert.Equal("Resources.M.Properties.DefinitionString", Assert.Single(error.Errors).Path);
    }

    [Fact]
    public void Load_UnsupportedResources_AreIgnoredWithReasons()
    {
        var model = Load("""
        {
          "Conditions": { "CDKMetadataAvailable": { "Fn::Or": [{ "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] }, { "Fn::Equals": [{ "Ref": "AWS::Region" }, "eu-west-1"] }] } },
          "Resources": {
            "Queue": { "Type": "AWS::SQS::Queue" },
            "Role": { "Type": "AWS::IAM::Role", "Properties": { "AssumeRolePolicyDocument": { "Fn::Unknown": 1 } } },
            "Policy": { "Type": "AWS::IAM::Policy", "Properties": {} },
            "Alarm": { "Type": "AWS::CloudWatch::Alarm", "Properties": {} },
            "Dashboard": { "Type": "AWS::CloudWatch::Dashboard", "Properties": {} },
            "QueuePolicy": { "Type": "AWS::SQS::QueuePolicy", "Properties": {} },
            "CDKMetadata": { "Type": "AWS::CDK::Metadata", "Condition": "CDKMetadataAvailable", "Properties": {} },
            "Topic": { "Type": "AWS::SNS::Topic" }
          }
        }
        """);

        var reasons = model.Ignored.ToDictionary(i => i.LogicalId, i => i.Reason);
        Assert.Equal("IAM is not enforced locally", reasons["Role"]);
        Assert.Equal("IAM is not enforced locally", reasons["Policy"]);
        Assert.Contains("alarms", reasons["Alarm"], StringComparison.Ordinal);
        Assert.Contains("dashboards", reasons["Dashboard"], StringComparison.Ordinal);
        Assert.Contains("resource policies", reasons["QueuePolicy"], StringComparison.Ordinal);
        Assert.Contains("metadata", reasons["CDKMetadata"], StringComparison.Ordinal);
        Assert.Equal("AWS::SNS::Topic is not supported by the local cloud", reasons["Topic"]);
        Assert.Single(model.Queues);
    }

    [Fact]
    public void Load_Outputs_ResolveValuesDescriptionsAndExports()
    {
        var model = Load("""
        {
          "Resources": { "Bus": { "Type": "AWS::Events::EventBus", "Properties": { "Name": "order-saga" } } },
          "Outputs": { "BusName": { "Description": "The bus", "Value": { "Ref": "Bus" }, "Export": { "Name": { "Fn::Sub": "${AWS::StackName}-Bus" } } } }
        }
        """);

        Assert.Equal(new StackOutput("BusName", "order-saga", "The bus", "TestStack-Bus"), Assert.Single(model.Outputs));
    }
}
