namespace OrderSaga.Local.Templates;

/// <summary>
/// What CloudFormation does with a resource type that matters for resolving a template: which property
/// names it, how long a generated name may be, what <c>Ref</c> returns and which attributes <c>Fn::GetAtt</c> offers.
/// </summary>
internal sealed record ResourceTypeInfo(string Type, string? NameProperty, int MaxNameLength, string RefKind)
{
    public const string RefName = "name";
    public const string RefArn = "arn";
    public const string RefUrl = "url";

    private static readonly Dictionary<string, ResourceTypeInfo> Known = new(StringComparer.Ordinal)
    {
        ["AWS::Events::EventBus"] = new("AWS::Events::EventBus", "Name", 256, RefName),
        ["AWS::Events::Rule"] = new("AWS::Events::Rule", "Name", 64, RefName),
        ["AWS::Events::Archive"] = new("AWS::Events::Archive", "ArchiveName", 48, RefName),
        ["AWS::SQS::Queue"] = new("AWS::SQS::Queue", "QueueName", 80, RefUrl),
        ["AWS::DynamoDB::Table"] = new("AWS::DynamoDB::Table", "TableName", 255, RefName),
        ["AWS::Lambda::Function"] = new("AWS::Lambda::Function", "FunctionName", 64, RefName),
        ["AWS::StepFunctions::StateMachine"] = new("AWS::StepFunctions::StateMachine", "StateMachineName", 80, RefArn),
        ["AWS::Logs::LogGroup"] = new("AWS::Logs::LogGroup", "LogGroupName", 512, RefName),
        ["AWS::IAM::Role"] = new("AWS::IAM::Role", "RoleName", 64, RefName),
        ["AWS::IAM::Policy"] = new("AWS::IAM::Policy", null, 128, RefName),
        ["AWS::IAM::ManagedPolicy"] = new("AWS::IAM::ManagedPolicy", "ManagedPolicyName", 128, RefArn),
        ["AWS::CloudWatch::Alarm"] = new("AWS::CloudWatch::Alarm", "AlarmName", 255, RefName),
        ["AWS::CloudWatch::Dashboard"] = new("AWS::CloudWatch::Dashboard", "DashboardName", 255, RefName),
        ["AWS::SNS::Topic"] = new("AWS::SNS::Topic", "TopicName", 256, RefArn),
    };

    public static ResourceTypeInfo For(string type) =>
        Known.TryGetValue(type, out var info) ? info : new ResourceTypeInfo(type, null, 128, RefName);

    /// <summary>The ARN of a resource of this type with the given physical name, or null when the type has no ARN we know.</summary>
    public string? ArnFor(string name, string region, string account, string? eventBusName = null) => Type switch
    {
        "AWS::Events::EventBus" => $"arn:aws:events:{region}:{account}:event-bus/{name}",
        "AWS::Events::Rule" => eventBusName is null or "default"
            ? $"arn:aws:events:{region}:{account}:rule/{name}"
            : $"arn:aws:events:{region}:{account}:rule/{eventBusName}/{name}",
        "AWS::Events::Archive" => $"arn:aws:events:{region}:{account}:archive/{name}",
        "AWS::SQS::Queue" => $"arn:aws:sqs:{region}:{account}:{name}",
        "AWS::DynamoDB::Table" => $"arn:aws:dynamodb:{region}:{account}:table/{name}",
        "AWS::Lambda::Function" => $"arn:aws:lambda:{region}:{account}:function:{name}",
        "AWS::StepFunctions::StateMachine" => $"arn:aws:states:{region}:{account}:stateMachine:{name}",
        "AWS::Logs::LogGroup" => $"arn:aws:logs:{region}:{account}:log-group:{name}:*",
        "AWS::IAM::Role" => $"arn:aws:iam::{account}:role/{name}",
        "AWS::IAM::ManagedPolicy" => $"arn:aws:iam::{account}:policy/{name}",
        "AWS::CloudWatch::Alarm" => $"arn:aws:cloudwatch:{region}:{account}:alarm:{name}",
        "AWS::SNS::Topic" => $"arn:aws:sns:{region}:{account}:{name}",
        _ => null,
    };
}
