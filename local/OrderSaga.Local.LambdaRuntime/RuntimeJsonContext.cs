using System.Text.Json.Serialization;

namespace OrderSaga.Local.LambdaRuntime;

[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class RuntimeJsonContext : JsonSerializerContext;
