using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Benchmarks;

/// <summary>Evaluating a compiled JSONPath against an order event: the work of every InputPath, Parameters "x.$" and ResultSelector.</summary>
[MemoryDiagnoser]
public class JsonPathBenchmarks
{
    private JsonNode? _event;
    private JsonPath _path = null!;

    [Params(
        "$.detail.orderId",
        "$.detail.items[0].sku",
        "$.detail.items[*].sku",
        "$..sku",
        "$.detail.items[?(@.quantity > 1)]",
        "$.detail.items[1:3]")]
    public string Path { get; set; } = "$";

    [GlobalSetup]
    public void Setup()
    {
        _event = SampleData.OrderEvent(lines: 4);
        _path = JsonPath.Parse(Path);
        if (!_path.TryEvaluate(_event, out _))
        {
            throw new InvalidOperationException($"{Path} matches nothing in the sample event");
        }
    }

    [Benchmark]
    public JsonNode? Evaluate() => _path.TryEvaluate(_event, out var result) ? result : null;

    [Benchmark]
    public JsonPath Parse() => JsonPath.Parse(Path);
}
