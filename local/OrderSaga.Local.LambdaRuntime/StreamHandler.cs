using System.Reflection;

namespace OrderSaga.Local.LambdaRuntime;

/// <summary>
/// The user's handler method, bound once at start-up: <c>Stream M(Stream)</c>, <c>Task&lt;Stream&gt; M(Stream)</c>,
/// <c>void M(Stream)</c> or <c>Task M(Stream)</c>, static or on an instance built with the public parameterless constructor.
/// </summary>
internal sealed class StreamHandler
{
    private readonly object? _target;
    private readonly MethodInfo _method;

    private StreamHandler(object? target, MethodInfo method)
    {
        _target = target;
        _method = method;
    }

    public static StreamHandler Load(HandlerName handler, string taskRoot)
    {
        var assemblyPath = Path.Combine(taskRoot, handler.Assembly + ".dll");
        if (!File.Exists(assemblyPath))
        {
            throw new LambdaValidationException($"Could not find the specified handler assembly with the file name '{handler.Assembly}' in {taskRoot}");
        }

        var context = new AssetLoadContext(taskRoot, assemblyPath);
        var assembly = context.LoadFromAssemblyPath(assemblyPath);
        var type = assembly.GetType(handler.Type, throwOnError: false)
            ?? throw new LambdaValidationException($"Unable to find type '{handler.Type}' in assembly '{handler.Assembly}'");
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Where(m => m.Name == handler.Method)
            .ToList();
        var method = candidates.Find(IsSupported);
        if (method is null)
        {
            throw new LambdaValidationException(candidates.Count == 0
                ? $"Unable to find method '{handler.Method}' in type '{handler.Type}'"
                : $"Method '{handler.Method}' of '{handler.Type}' must take a single Stream and return Stream, Task<Stream>, Task or void (no serializer is available for other signatures)");
        }

        object? target = null;
        if (!method.IsStatic)
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new LambdaValidationException($"Type '{handler.Type}' has no public parameterless constructor");
            }

            try
            {
                target = Activator.CreateInstance(type);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                // The constructor's own exception is the init error the function reports, as on Lambda.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        return new StreamHandler(target, method);
    }

    /// <summary>Runs the handler; the returned stream is empty for void handlers. Exceptions of the handler propagate unwrapped.</summary>
    public async Task<Stream> InvokeAsync(Stream input)
    {
        object? result;
        try
        {
            result = _method.Invoke(_target, [input]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        switch (result)
        {
            case Task<Stream> streamTask:
                return await streamTask ?? Stream.Null;
            case Task task:
                await task;
                return Stream.Null;
            case Stream stream:
                return stream;
            default:
                return Stream.Null;
        }
    }

    private static bool IsSupported(MethodInfo method)
    {
        var parameters = method.GetParameters();
        if (parameters.Length != 1 || parameters[0].ParameterType != typeof(Stream))
        {
            return false;
        }

        var returnType = method.ReturnType;
        return returnType == typeof(Stream) || returnType == typeof(Task<Stream>) || returnType == typeof(Task) || returnType == typeof(void);
    }
}
