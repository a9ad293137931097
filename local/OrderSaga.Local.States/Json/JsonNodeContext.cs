using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OrderSaga.Local.States.Json;

[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
