namespace OrderSaga.Contracts;

/// <summary>How the customer pays: a method and a provider token (see the Payment service's test tokens).</summary>
public sealed record PaymentDetails(string Method, string Token);
