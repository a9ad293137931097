namespace OrderSaga.Local.Lambda;

/// <summary>Consulted by the Lambda host before each dispatch, so tests and demos can make a function fail without a switch in its code.</summary>
internal interface IFaultInjector
{
    /// <summary>The fault to inject in place of the next invocation of the function, or null to run it normally.</summary>
    LambdaFault? TakeFault(string functionName);
}
