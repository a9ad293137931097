using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Logs;
using Amazon.JSII.Runtime.Deputy;

namespace OrderSaga.Infrastructure;

/// <summary>
/// A rule target that delivers events to a log group. CDK's own CloudWatchLogGroup target sets the log group's
/// resource policy through a custom resource backed by a Node.js Lambda function; the stack declares that policy
/// as a plain AWS::Logs::ResourcePolicy instead, so the template holds only the saga's own functions.
/// </summary>
public sealed class LogGroupRuleTarget(ILogGroup logGroup) : DeputyBase, IRuleTarget
{
    public IRuleTargetConfig Bind(IRule rule, string? id = null) => new RuleTargetConfig
    {
        // EventBridge wants the log group ARN without the ":*" suffix that LogGroupArn carries.
        Arn = Stack.Of(rule).FormatArn(new ArnComponents
        {
            Service = "logs",
            Resource = "log-group",
            ResourceName = logGroup.LogGroupName,
            ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
        }),
    };
}
