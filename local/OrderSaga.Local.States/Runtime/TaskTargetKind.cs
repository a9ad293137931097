namespace OrderSaga.Local.States.Runtime;

public enum TaskTargetKind
{
    /// <summary>A Lambda function, called directly by ARN or through lambda:invoke: <see cref="TaskRequest.FunctionName"/> and <see cref="TaskRequest.Payload"/> are set.</summary>
    LambdaFunction,

    /// <summary>An optimised or AWS SDK service integration (<c>arn:aws:states:::dynamodb:putItem</c>): <see cref="TaskRequest.Parameters"/> is the request.</summary>
    ServiceIntegration,

    /// <summary>An activity ARN.</summary>
    Activity,
}
