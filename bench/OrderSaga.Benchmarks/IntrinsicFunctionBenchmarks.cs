using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Benchmarks;

/// <summary>Evaluating a parsed intrinsic-function call, with its path arguments resolved against an order event.</summary>
[MemoryDiagnoser]
public class IntrinsicFunctionBenchmarks
{
    private readonly Random _random = new(42);
    private JsonNode? _input;
    private IntrinsicExpression.Call _call = null!;
    private Func<JsonPath, JsonNode?> _resolve = null!;

    [Params(
        "States.Format('Order {} for {} is {}', $.detail.orderId, $.detail.customerId, $.detail.currency)",
        "States.JsonToString($.detail)",
        "States.StringToJson($.json)",
        "States.Array($.detail.orderId, $.detail.totalAmount, $.detail.payment)",
        "States.ArrayPartition($.numbers, 4)",
        "States.ArrayContains($.numbers, 17)",
        "States.ArrayRange(1, 100, 3)",
        "States.ArrayUnique($.numbers)",
        "States.Hash($.detail.customerEmail, 'SHA-256')",
        "States.Base64Encode($.detail.customerEmail)",
        "States.MathAdd($.detail.totalAmount, 1)",
        "States.UUID()")]
    public string Expression { get; set; } = "States.UUID()";

    [GlobalSetup]
    public void Setup()
    {
        var input = SampleData.OrderEvent(lines: 4);
        input["json"] = input["detail"]!.ToJsonString();
        input["numbers"] = new JsonArray([.. Enumerable.Range(0, 20).Select(i => (JsonNode?)JsonValue.Create(i % 15))]);
        _input = input;
        _resolve = path => path.TryEvaluate(_input, out var value) ? value : throw new InvalidOperationException($"{path} matches nothing");
        if (!IntrinsicParser.TryParse(Expression, out var call, out var error))
        {
            throw new InvalidOperationException($"{Expression}: {error}");
        }

        _call = call;
        _ = Evaluate();
    }

    [Benchmark]
    public JsonNode? Evaluate() => IntrinsicFunctions.Evaluate(_call, _resolve, _random);
}
