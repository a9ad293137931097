using System.Text.Json.Serialization;

namespace OrderSaga.Contracts;

/// <summary>The one serialization context of the service boundary: camelCase JSON, no reflection at run time.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(OrderCreated))]
[JsonSerializable(typeof(InventoryRequest))]
[JsonSerializable(typeof(InventoryResponse))]
[JsonSerializable(typeof(PaymentRequest))]
[JsonSerializable(typeof(PaymentResponse))]
[JsonSerializable(typeof(NotificationRequest))]
[JsonSerializable(typeof(NotificationResponse))]
[JsonSerializable(typeof(OrderConfirmedDetail))]
[JsonSerializable(typeof(OrderCancelledDetail))]
[JsonSerializable(typeof(OrderCompensationFailedDetail))]
public sealed partial class ContractsJsonContext : JsonSerializerContext;
