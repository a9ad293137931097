using System.Reflection;
using Amazon.DynamoDBv2;

namespace OrderSaga.Testing;

/// <summary>
/// An <see cref="IAmazonDynamoDB"/> whose every call throws the exception a factory makes, e.g. throttling or a
/// 500, so tests can check how a service classifies AWS failures without a network.
/// </summary>
/// <remarks>Not sealed: <see cref="DispatchProxy"/> generates a subclass of it.</remarks>
public class FailingDynamoDb : DispatchProxy
{
    private Func<Exception> failure = () => new InvalidOperationException("FailingDynamoDb was not configured.");

    public int Calls { get; private set; }

    public static IAmazonDynamoDB Create(Func<Exception> failure, out FailingDynamoDb proxy)
    {
        var client = Create<IAmazonDynamoDB, FailingDynamoDb>();
        proxy = (FailingDynamoDb)(object)client;
        proxy.failure = failure;
        return client;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod?.Name == nameof(IDisposable.Dispose))
        {
            return null;
        }

        Calls++;
        var exception = failure();
        if (targetMethod is not null && typeof(Task).IsAssignableFrom(targetMethod.ReturnType))
        {
            // Faulted task of the method's own Task<T> type, as the SDK's async methods fail.
            var resultType = targetMethod.ReturnType.IsGenericType ? targetMethod.ReturnType.GetGenericArguments()[0] : null;
            if (resultType is null)
            {
                return Task.FromException(exception);
            }

            var fromException = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!.MakeGenericMethod(resultType);
            return fromException.Invoke(null, [exception]);
        }

        throw exception;
    }
}
