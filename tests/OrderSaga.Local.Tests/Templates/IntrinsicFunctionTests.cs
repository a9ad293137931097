using OrderSaga.Local.Templates;
using static OrderSaga.Local.Tests.Templates.TemplateTestSupport;

namespace OrderSaga.Local.Tests.Templates;

public class IntrinsicFunctionTests
{
    [Fact]
    public void Ref_PseudoParameters_ResolveToLocalAccountRegionAndStack()
    {
        var outputs = Outputs("""
        {
          "Region": { "Value": { "Ref": "AWS::Region" } },
          "Account": { "Value": { "Ref": "AWS::AccountId" } },
          "Partition": { "Value": { "Ref": "AWS::Partition" } },
          "Stack": { "Value": { "Ref": "AWS::StackName" } },
          "Suffix": { "Value": { "Ref": "AWS::URLSuffix" } },
          "StackId": { "Value": { "Ref": "AWS::StackId" } }
        }
        """, options: Options with { Region = "eu-west-1", AccountId = "123456789012" });

        Assert.Equal("eu-west-1", outputs["Region"]);
        Assert.Equal("123456789012", outputs["Account"]);
        Assert.Equal("aws", outputs["Partition"]);
        Assert.Equal("TestStack", outputs["Stack"]);
        Assert.Equal("amazonaws.com", outputs["Suffix"]);
        Assert.StartsWith("arn:aws:cloudformation:eu-west-1:123456789012:stack/TestStack/", outputs["StackId"], StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_Parameters_UseSuppliedValueElseDefault()
    {
        const string parameters = """
        "Parameters": {
          "Env": { "Type": "String", "Default": "dev", "AllowedValues": ["dev", "prod"] },
          "Size": { "Type": "Number", "Default": 3 },
          "Zones": { "Type": "CommaDelimitedList", "Default": "a, b,c" }
        },
        """;
        const string outputs = """
        {
          "Env": { "Value": { "Ref": "Env" } },
          "Size": { "Value": { "Ref": "Size" } },
          "Second": { "Value": { "Fn::Select": [1, { "Ref": "Zones" }] } }
        }
        """;

        var defaults = Outputs(outputs, extraSections: parameters);
        var supplied = Outputs(outputs, extraSections: parameters, options: Options with { Parameters = new Dictionary<string, string> { ["Env"] = "prod" } });

        Assert.Equal("dev", defaults["Env"]);
        Assert.Equal("3", defaults["Size"]);
        Assert.Equal("b", defaults["Second"]);
        Assert.Equal("prod", supplied["Env"]);
    }

    [Fact]
    public void Ref_ParameterValueNotAllowedOrMissing_ReportsBoth()
    {
        var error = LoadFails("""
        {
          "Parameters": {
            "Env": { "Type": "String", "AllowedValues": ["dev", "prod"], "Default": "test" },
            "Required": { "Type": "String" }
          },
          "Resources": { "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": { "Fn::Join": ["-", [{ "Ref": "Env" }, { "Ref": "Required" }]] } } } }
        }
        """);

        Assert.Contains(error.Errors, e => e.Message.Contains("'test', which is not one of its AllowedValues", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.Contains("parameter 'Required' has no Default", StringComparison.Ordinal)
            && e.Path == "Resources.Queue.Properties.QueueName.Fn::Join[1][1].Ref");
    }

    [Fact]
    public void Ref_Resources_ReturnWhatCloudFormationReturnsPerType()
    {
        var outputs = Outputs("""
        {
          "QueueRef": { "Value": { "Ref": "Queue" } },
          "TableRef": { "Value": { "Ref": "Table" } },
          "MachineRef": { "Value": { "Ref": "Machine" } },
          "BusRef": { "Value": { "Ref": "Bus" } }
        }
        """, extraResources: """
        ,
        "Table": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": "orders", "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "AttributeDefinitions": [{ "AttributeName": "orderId", "AttributeType": "S" }] } },
        "Machine": { "Type": "AWS::StepFunctions::StateMachine", "Properties": { "StateMachineName": "saga", "DefinitionString": "{}" } },
        "Bus": { "Type": "AWS::Events::EventBus", "Properties": { "Name": "order-saga" } }
        """);

        Assert.Equal("http://127.0.0.1:4566/000000000000/orders-queue", outputs["QueueRef"]);
        Assert.Equal("orders", outputs["TableRef"]);
        Assert.Equal("arn:aws:states:us-east-1:000000000000:stateMachine:saga", outputs["MachineRef"]);
        Assert.Equal("order-saga", outputs["BusRef"]);
    }

    [Fact]
    public void GetAtt_ArrayAndDottedForms_ResolveAttributesPerType()
    {
        var outputs = Outputs("""
        {
          "QueueArn": { "Value": { "Fn::GetAtt": ["Queue", "Arn"] } },
          "QueueUrl": { "Value": { "Fn::GetAtt": "Queue.QueueUrl" } },
          "QueueName": { "Value": { "Fn::GetAtt": ["Queue", "QueueName"] } },
          "StreamArn": { "Value": { "Fn::GetAtt": ["Table", "StreamArn"] } },
          "BusName": { "Value": { "Fn::GetAtt": ["Bus", "Name"] } },
          "FunctionArn": { "Value": { "Fn::GetAtt": ["Function", "Arn"] } },
          "LogGroupArn": { "Value": { "Fn::GetAtt": ["Logs", "Arn"] } }
        }
        """, extraResources: """
        ,
        "Table": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": "orders", "StreamSpecification": { "StreamViewType": "NEW_IMAGE" }, "KeySchema": [{ "AttributeName": "orderId", "KeyType": "HASH" }], "AttributeDefinitions": [{ "AttributeName": "orderId", "AttributeType": "S" }] } },
        "Bus": { "Type": "AWS::Events::EventBus", "Properties": { "Name": "order-saga" } },
        "Function": { "Type": "AWS::Lambda::Function", "Metadata": { "aws:asset:path": "asset.abc" }, "Properties": { "FunctionName": "inventory", "Handler": "A::B::C", "Runtime": "dotnet8" } },
        "Logs": { "Type": "AWS::Logs::LogGroup", "Properties": { "LogGroupName": "/saga/audit" } }
        """);

        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:orders-queue", outputs["QueueArn"]);
        Assert.Equal("http://127.0.0.1:4566/000000000000/orders-queue", outputs["QueueUrl"]);
        Assert.Equal("orders-queue", outputs["QueueName"]);
        Assert.StartsWith("arn:aws:dynamodb:us-east-1:000000000000:table/orders/stream/", outputs["StreamArn"], StringComparison.Ordinal);
        Assert.Equal("order-saga", outputs["BusName"]);
        Assert.Equal("arn:aws:lambda:us-east-1:000000000000:function:inventory", outputs["FunctionArn"]);
        Assert.Equal("arn:aws:logs:us-east-1:000000000000:log-group:/saga/audit:*", outputs["LogGroupArn"]);
    }

    [Fact]
    public void GetAtt_UnknownAttributeOrResource_ReportsWhere()
    {
        var error = LoadFails("""
        {
          "Resources": { "Queue": { "Type": "AWS::SQS::Queue" } },
          "Outputs": {
            "A": { "Value": { "Fn::GetAtt": ["Queue", "Colour"] } },
            "B": { "Value": { "Fn::GetAtt": ["Missing", "Arn"] } },
            "C": { "Value": { "Fn::GetAtt": 42 } }
          }
        }
        """);

        Assert.Equal(3, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Path == "Outputs.A.Value.Fn::GetAtt" && e.Message.Contains("attribute 'Colour' of AWS::SQS::Queue 'Queue'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Outputs.B.Value.Fn::GetAtt" && e.Message.Contains("'Missing', which the template does not define", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Outputs.C.Value.Fn::GetAtt");
    }

    [Fact]
    public void Join_ListWithRefsAndGetAtts_ConcatenatesWithDelimiter()
    {
        var outputs = Outputs("""
        { "Joined": { "Value": { "Fn::Join": ["", ["arn:", { "Ref": "AWS::Partition" }, ":sqs:", { "Fn::GetAtt": ["Queue", "QueueName"] }]] } },
          "Empty": { "Value": { "Fn::Join": [",", []] } } }
        """);

        Assert.Equal("arn:aws:sqs:orders-queue", outputs["Joined"]);
        Assert.Equal(string.Empty, outputs["Empty"]);
    }

    [Fact]
    public void Sub_StringForm_ResolvesPseudoRefsAttributesAndEscapes()
    {
        var outputs = Outputs("""
        { "Sub": { "Value": { "Fn::Sub": "${AWS::Region}/${Queue}/${Queue.Arn}/${!Literal}/${ AWS::AccountId }" } } }
        """);

        Assert.Equal("us-east-1/http://127.0.0.1:4566/000000000000/orders-queue/arn:aws:sqs:us-east-1:000000000000:orders-queue/${Literal}/000000000000", outputs["Sub"]);
    }

    [Fact]
    public void Sub_VariableMapForm_PrefersMapOverTemplateNames()
    {
        var outputs = Outputs("""
        { "Sub": { "Value": { "Fn::Sub": ["${Queue}-${Name}", { "Queue": "mine", "Name": { "Fn::GetAtt": ["Queue", "QueueName"] } }] } } }
        """);

        Assert.Equal("mine-orders-queue", outputs["Sub"]);
    }

    [Fact]
    public void Sub_UnknownVariableOrUnterminated_ReportsErrors()
    {
        var error = LoadFails("""
        {
          "Resources": { "Queue": { "Type": "AWS::SQS::Queue" } },
          "Outputs": { "A": { "Value": { "Fn::Sub": "${Nope}" } }, "B": { "Value": { "Fn::Sub": "abc ${Queue" } } }
        }
        """);

        Assert.Contains(error.Errors, e => e.Path.StartsWith("Outputs.A.Value.Fn::Sub", StringComparison.Ordinal) && e.Message.Contains("'Nope'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Outputs.B.Value.Fn::Sub" && e.Message.Contains("unterminated", StringComparison.Ordinal));
    }

    [Fact]
    public void SelectAndSplit_PickElementsAndReportOutOfRange()
    {
        var outputs = Outputs("""
        { "Part": { "Value": { "Fn::Select": [2, { "Fn::Split": [":", { "Fn::GetAtt": ["Queue", "Arn"] }] }] } },
          "Index": { "Value": { "Fn::Select": ["0", ["x", "y"]] } } }
        """);
        var error = LoadFails("""
        { "Resources": { "Queue": { "Type": "AWS::SQS::Queue" } }, "Outputs": { "A": { "Value": { "Fn::Select": [5, ["x"]] } } } }
        """);

        Assert.Equal("sqs", outputs["Part"]);
        Assert.Equal("x", outputs["Index"]);
        Assert.Contains("index 5 is out of range", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IfWithConditions_ChoosesBranchesAndRemovesNoValue()
    {
        var model = Load("""
        {
          "Parameters": { "Env": { "Type": "String", "Default": "prod" } },
          "Conditions": {
            "IsProd": { "Fn::Equals": [{ "Ref": "Env" }, "prod"] },
            "IsDev": { "Fn::Not": [{ "Condition": "IsProd" }] },
            "ProdInUsEast": { "Fn::And": [{ "Condition": "IsProd" }, { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] }] },
            "DevOrEast": { "Fn::Or": [{ "Condition": "IsDev" }, { "Condition": "ProdInUsEast" }] }
          },
          "Resources": {
            "Queue": { "Type": "AWS::SQS::Queue", "Properties": {
              "QueueName": { "Fn::If": ["IsProd", "prod-queue", "dev-queue"] },
              "DelaySeconds": { "Fn::If": ["IsDev", 5, { "Ref": "AWS::NoValue" }] },
              "VisibilityTimeout": { "Fn::If": ["DevOrEast", 60, 10] } } },
            "DevOnly": { "Type": "AWS::SQS::Queue", "Condition": "IsDev" }
          }
        }
        """);

        var queue = Assert.Single(model.Queues);
        Assert.Equal("prod-queue", queue.Name);
        Assert.Equal(0, queue.DelaySeconds);
        Assert.Equal(60, queue.VisibilityTimeoutSeconds);
        var ignored = Assert.Single(model.Ignored);
        Assert.Equal("DevOnly", ignored.LogicalId);
        Assert.Contains("condition 'IsDev' is false", ignored.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Ref_ResourceWhoseConditionIsFalse_IsAnError()
    {
        var error = LoadFails("""
        {
          "Conditions": { "Never": { "Fn::Equals": ["a", "b"] } },
          "Resources": { "Dlq": { "Type": "AWS::SQS::Queue", "Condition": "Never" }, "Queue": { "Type": "AWS::SQS::Queue" } },
          "Outputs": { "Dlq": { "Value": { "Ref": "Dlq" } } }
        }
        """);

        Assert.Contains("condition 'Never' is false", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditions_UndefinedCircularOrMalformed_AreReported()
    {
        var error = LoadFails("""
        {
          "Conditions": { "A": { "Condition": "B" }, "B": { "Condition": "A" }, "Bad": { "Fn::Equals": ["only-one"] } },
          "Resources": {
            "Q1": { "Type": "AWS::SQS::Queue", "Condition": "A" },
            "Q2": { "Type": "AWS::SQS::Queue", "Condition": "Missing" },
            "Q3": { "Type": "AWS::SQS::Queue", "Condition": "Bad" },
            "Q4": { "Type": "AWS::SQS::Queue" }
          }
        }
        """);

        Assert.Contains(error.Errors, e => e.Message.Contains("refers to itself", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Resources.Q2.Condition" && e.Message.Contains("'Missing' is not defined", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path == "Conditions.Bad.Fn::Equals" && e.Message.Contains("malformed condition", StringComparison.Ordinal));
    }

    [Fact]
    public void GetAzsBase64AndFindInMap_Resolve()
    {
        var outputs = Outputs("""
        {
          "Az": { "Value": { "Fn::Select": [1, { "Fn::GetAZs": "" }] } },
          "B64": { "Value": { "Fn::Base64": "hello" } },
          "Mapped": { "Value": { "Fn::FindInMap": ["Sizes", { "Ref": "AWS::Region" }, "Memory"] } }
        }
        """, extraSections: """
        "Mappings": { "Sizes": { "us-east-1": { "Memory": "512" } } },
        """);

        Assert.Equal("us-east-1b", outputs["Az"]);
        Assert.Equal("aGVsbG8=", outputs["B64"]);
        Assert.Equal("512", outputs["Mapped"]);
    }

    [Fact]
    public void ImportValue_IsAClearError()
    {
        var error = LoadFails("""
        { "Resources": { "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": { "Fn::ImportValue": "SharedQueueName" } } } } }
        """);

        var single = Assert.Single(error.Errors);
        Assert.Equal("Resources.Queue.Properties.QueueName.Fn::ImportValue", single.Path);
        Assert.Contains("another stack", single.Message, StringComparison.Ordinal);
        Assert.Contains("SharedQueueName", single.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedIntrinsicAndUnknownRef_AreAllReportedTogether()
    {
        var error = LoadFails("""
        {
          "Resources": {
            "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": { "Fn::Cidr": ["10.0.0.0/16", 2, 8] } } },
            "Table": { "Type": "AWS::DynamoDB::Table", "Properties": { "TableName": { "Ref": "Nothing" }, "KeySchema": [], "AttributeDefinitions": [] } },
            "Bus": { "Type": "AWS::Events::EventBus", "Properties": { "Name": { "Ref": "AWS::Moon" } } }
          }
        }
        """);

        Assert.Contains(error.Errors, e => e.Path == "Resources.Queue.Properties.QueueName.Fn::Cidr" && e.Message.Contains("not supported", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path.StartsWith("Resources.Table.Properties.TableName", StringComparison.Ordinal) && e.Message.Contains("'Nothing'", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Path.StartsWith("Resources.Table.Properties.KeySchema", StringComparison.Ordinal) && e.Message.Contains("key schema", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Message.Contains("pseudo parameter 'AWS::Moon'", StringComparison.Ordinal));
        Assert.Contains("error(s) in the template", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidJson_ReportsParseError()
    {
        var error = LoadFails("{ \"Resources\": ");

        Assert.StartsWith("invalid JSON", Assert.Single(error.Errors).Message, StringComparison.Ordinal);
    }
}
