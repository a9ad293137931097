using System.Text.Json.Nodes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Runtime;

namespace OrderSaga.Local.States.Tests.Intrinsics;

public sealed class IntrinsicFunctionTests
{
    private static readonly JsonNode Input = JsonNode.Parse("""{"name": "Ada", "n": 1.5, "arr": [1, 2, 2, 3], "obj": {"a": 1, "b": []}}""")!;

    private static string Eval(string text)
    {
        Assert.True(IntrinsicParser.TryParse(text, out var call, out var error), error);
        var result = IntrinsicFunctions.Evaluate(call, p => p.TryEvaluate(Input, out var v) ? v : throw new InvalidOperationException("missing"), new Random(1));
        return JsonValues.ToText(result);
    }

    [Theory]
    [InlineData("States.Format('Hello {}!', $.name)", "\"Hello Ada!\"")]
    [InlineData("States.Format('a \\{} {}', $.obj)", "\"a {} {a=1, b=[]}\"")]
    [InlineData("States.MathAdd($.n, 0)", "2")]
    [InlineData("States.MathAdd(-0.5, 0)", "0")]
    [InlineData("States.ArrayRange(0, 9, 3)", "[0,3,6,9]")]
    [InlineData("States.ArrayPartition($.arr, 3)", "[[1,2,2],[3]]")]
    [InlineData("States.ArrayUnique($.arr)", "[1,2,3]")]
    [InlineData("States.ArrayContains($.arr, 3)", "true")]
    [InlineData("States.ArrayGetItem($.arr, 3)", "3")]
    [InlineData("States.ArrayLength($.arr)", "4")]
    [InlineData("States.StringSplit('a,,b;c', ',;')", "[\"a\",\"b\",\"c\"]")]
    [InlineData("States.Base64Encode('Data to encode')", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Hash('input data', 'SHA-1')", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.JsonToString($.obj)", "\"{\\\"a\\\":1,\\\"b\\\":[]}\"")]
    [InlineData("States.StringToJson('{\"x\": [1]}')", "{\"x\":[1]}")]
    [InlineData("States.JsonMerge($.obj, States.StringToJson('{\"b\": 2}'), false)", "{\"a\":1,\"b\":2}")]
    [InlineData("States.ArrayGetItem(States.StringSplit('x-y', '-'), 1)", "\"y\"")]
    public void Evaluate_Function_ReturnsAwsResult(string expression, string expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Theory]
    [InlineData("States.ArrayGetItem($.arr, 9)")]
    [InlineData("States.Format('{} {}', $.name)")]
    [InlineData("States.ArrayPartition($.arr, 0)")]
    [InlineData("States.Hash($.name, 'SHA-999')")]
    [InlineData("States.JsonMerge($.obj, $.obj, true)")]
    public void Evaluate_BadArguments_FailsWithRuntimeError(string expression)
    {
        Assert.Throws<RuntimeFailureException>(() => Eval(expression));
    }

    [Theory]
    [InlineData("States.NoSuch(1)", "unknown intrinsic function")]
    [InlineData("States.ArrayLength()", "takes 1 arguments")]
    [InlineData("States.Format('x'", "expected")]
    public void TryParse_Invalid_SaysWhy(string expression, string message)
    {
        Assert.False(IntrinsicParser.TryParse(expression, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
