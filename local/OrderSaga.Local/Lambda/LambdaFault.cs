namespace OrderSaga.Local.Lambda;

/// <summary>A fault to inject in place of one invocation; <see cref="ErrorType"/> and <see cref="ErrorMessage"/> apply to <see cref="FaultKind.Error"/>.</summary>
internal sealed record LambdaFault(FaultKind Kind, string? ErrorType = null, string? ErrorMessage = null);
