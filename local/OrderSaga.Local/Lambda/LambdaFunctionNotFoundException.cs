namespace OrderSaga.Local.Lambda;

/// <summary>Invoke named a function that is not deployed (Lambda's ResourceNotFoundException).</summary>
internal sealed class LambdaFunctionNotFoundException : Exception
{
    public LambdaFunctionNotFoundException(string functionName)
        : base($"Function not found: {functionName}")
    {
        FunctionName = functionName;
    }

    public string FunctionName { get; }
}
