using System.Text;
using OrderSaga.Local.Endpoint;
using OrderSaga.Local.Sqs;
using OrderSaga.Local.StepFunctions;

namespace OrderSaga.Local.EventBridge;

/// <summary>
/// Hands a rendered target input to the service its ARN names: a Step Functions state machine (StartExecution), a
/// Lambda function (asynchronous Invoke), an SQS queue (SendMessage) or a CloudWatch log group (PutLogEvents).
/// Failures are classified as EventBridge classifies them: a missing resource or a rejected input is permanent
/// (no retries), anything else is retried.
/// </summary>
internal sealed class TargetDispatcher(SqsService sqs, StateMachineRegistry? stepFunctions, ILambdaInvoker? lambda, LogGroupStore logs)
{
    /// <param name="deliveryId">Names the execution a state machine target starts: the same delivery made again finds it.</param>
    public async Task<DeliveryAttempt> DeliverAsync(string targetArn, string body, CancellationToken cancellationToken, string? deliveryId = null)
    {
        var service = ServiceOf(targetArn);
        return service switch
        {
            "states" => StartExecution(targetArn, body, deliveryId),
            "lambda" => await InvokeAsync(targetArn, body, cancellationToken),
            "sqs" => SendMessage(targetArn, body),
            "logs" => PutLogEvent(targetArn, body),
            _ => DeliveryAttempt.Permanent("INVALID_PARAMETER", $"Target {targetArn} is of a kind the local cloud does not deliver to (supported: Step Functions, Lambda, SQS, CloudWatch Logs)."),
        };
    }

    /// <summary>The service part of an ARN (<c>arn:aws:SERVICE:region:account:resource</c>), or empty.</summary>
    public static string ServiceOf(string arn)
    {
        var parts = arn.Split(':', 4);
        return parts.Length == 4 && parts[0] == "arn" ? parts[2] : string.Empty;
    }

    private DeliveryAttempt StartExecution(string arn, string body, string? name)
    {
        if (stepFunctions is null)
        {
            return DeliveryAttempt.Permanent("NO_RESOURCE", $"State machine {arn} does not exist: no Step Functions engine is running.");
        }

        try
        {
            stepFunctions.Start(arn, name, body);
            return DeliveryAttempt.Success;
        }
        catch (AwsJsonError error) when (error.Type == "ExecutionAlreadyExists" && name is not null)
        {
            // The name is this delivery's own: this delivery started that execution before a restart, and it has ended.
            return DeliveryAttempt.Success;
        }
        catch (AwsJsonError error)
        {
            return error.Type switch
            {
                "StateMachineDoesNotExist" => DeliveryAttempt.Permanent("NO_RESOURCE", error.Message),
                "InvalidExecutionInput" => DeliveryAttempt.Permanent("INVALID_JSON", error.Message),
                "InvalidArn" or "InvalidName" => DeliveryAttempt.Permanent("INVALID_PARAMETER", error.Message),
                _ => DeliveryAttempt.Retry("SDK_CLIENT_ERROR", $"{error.Type}: {error.Message}"),
            };
        }
    }

    private async Task<DeliveryAttempt> InvokeAsync(string arn, string body, CancellationToken cancellationToken)
    {
        if (lambda is null)
        {
            return DeliveryAttempt.Permanent("NO_RESOURCE", $"Function {arn} does not exist: no Lambda host is running.");
        }

        var result = await lambda.InvokeAsync(arn, Encoding.UTF8.GetBytes(body), async: true, cancellationToken);
        if (result.Succeeded)
        {
            return DeliveryAttempt.Success;
        }

        var message = $"{result.ErrorCode}: {result.ErrorMessage}";
        return result.ErrorCode switch
        {
            "ResourceNotFoundException" => DeliveryAttempt.Permanent("NO_RESOURCE", message),
            "TooManyRequestsException" => DeliveryAttempt.Retry("THROTTLING", message),
            _ when !result.Retryable => DeliveryAttempt.Permanent("SDK_CLIENT_ERROR", message),
            _ => DeliveryAttempt.Retry("SDK_CLIENT_ERROR", message),
        };
    }

    private DeliveryAttempt SendMessage(string arn, string body)
    {
        if (!sqs.TryGet(arn, out var queue))
        {
            return DeliveryAttempt.Permanent("NO_RESOURCE", $"Queue {arn} does not exist.");
        }

        try
        {
            SqsService.ValidateBody(body);
            queue.Send(body);
            return DeliveryAttempt.Success;
        }
        catch (SqsException error)
        {
            return DeliveryAttempt.Permanent("INVALID_PARAMETER", error.Message);
        }
    }

    private DeliveryAttempt PutLogEvent(string arn, string body)
    {
        if (!logs.TryGet(arn, out var group))
        {
            return DeliveryAttempt.Permanent("NO_RESOURCE", $"Log group {LogGroupStore.NameOf(arn)} does not exist.");
        }

        logs.Write(group, body);
        return DeliveryAttempt.Success;
    }
}
