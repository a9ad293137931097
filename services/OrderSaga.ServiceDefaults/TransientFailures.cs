using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace OrderSaga.ServiceDefaults;

/// <summary>Which AWS failures may pass on a retry; the handler turns those into <c>TransientServiceException</c> for the workflow's retriers.</summary>
public static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        ProvisionedThroughputExceededException or RequestLimitExceededException or ThrottlingException or InternalServerErrorException => true,
        AmazonServiceException service when (int)service.StatusCode >= 500 => true,
        AmazonServiceException { ErrorCode: "ThrottlingException" or "Throttling" or "TooManyRequestsException" } => true,
        HttpRequestException or TimeoutException or IOException => true,

        // HttpClient reports its own timeout as a cancellation nobody requested.
        TaskCanceledException { CancellationToken.IsCancellationRequested: false } => true,
        _ => false,
    };
}
