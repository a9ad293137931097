using System.Text.Json.Serialization;

namespace OrderSaga.Local.WebConsole;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConsoleConfig))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
