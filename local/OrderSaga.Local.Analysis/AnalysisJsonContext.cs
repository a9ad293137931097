using System.Text.Json.Serialization;

namespace OrderSaga.Local.Analysis;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<MachineReport>))]
internal sealed partial class AnalysisJsonContext : JsonSerializerContext;
