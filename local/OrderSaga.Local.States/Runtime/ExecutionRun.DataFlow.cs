using System.Text.Json.Nodes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

internal sealed partial class ExecutionRun
{
    private JsonNode? ApplyInputPath(State state, JsonNode? input, StateScope scope) =>
        state.InputPath is null ? new JsonObject() : ApplySelectPath(state.InputPath, input, scope);

    private JsonNode? ApplyOutputPath(State state, JsonNode? output, StateScope scope) =>
        state.OutputPath is null ? new JsonObject() : ApplySelectPath(state.OutputPath, output, scope);

    private JsonNode? ApplySelectPath(JsonPath path, JsonNode? value, StateScope scope)
    {
        if (path.IsRootOnly && path.Root == JsonPathRoot.Input)
        {
            return value;
        }

        if (TryResolve(path, value, scope, out var result))
        {
            return result;
        }

        throw new RuntimeFailureException(MissingPathMessage(path, RootFor(path, value, scope)));
    }

    private static string MissingPathMessage(JsonPath path, JsonNode? root)
    {
        var prefix = path.FirstMissing(root);
        return prefix.Length >= path.Normalized.Length
            ? $"Invalid path '{path.Text}' : No results for path: {path.Normalized}"
            : $"Invalid path '{path.Text}' : Missing property in path {prefix}";
    }

    private JsonNode? RootFor(JsonPath path, JsonNode? input, StateScope scope) => path.Root switch
    {
        JsonPathRoot.Context => BuildContext(scope),
        JsonPathRoot.Variable => scope.Frame.Variables.TryGet(path.VariableName!, out var v) ? v : null,
        _ => input,
    };

    private bool TryResolve(JsonPath path, JsonNode? input, StateScope scope, out JsonNode? value)
    {
        switch (path.Root)
        {
            case JsonPathRoot.Context:
                return path.TryEvaluate(BuildContext(scope), out value);
            case JsonPathRoot.Variable:
                if (!scope.Frame.Variables.TryGet(path.VariableName!, out var root))
                {
                    value = null;
                    return false;
                }

                return path.TryEvaluate(root, out value);
            default:
                return path.TryEvaluate(input, out value);
        }
    }

    private JsonNode? ResolveRequired(JsonPath path, JsonNode? input, StateScope scope, string field)
    {
        if (TryResolve(path, input, scope, out var value))
        {
            return value;
        }

        throw new RuntimeFailureException(path.Root == JsonPathRoot.Variable && !scope.Frame.Variables.TryGet(path.VariableName!, out _)
            ? $"The variable '${path.VariableName}' referenced by the field '{field}' is not defined."
            : MissingPathMessage(path, RootFor(path, input, scope)));
    }

    private JsonNode? ResolveRequiredForTemplate(JsonPath path, JsonNode? input, StateScope scope, string field)
    {
        if (TryResolve(path, input, scope, out var value))
        {
            return value;
        }

        if (path.Root == JsonPathRoot.Variable && !scope.Frame.Variables.TryGet(path.VariableName!, out _))
        {
            throw new RuntimeFailureException($"The JSONPath '{path.Text}' specified for the field '{field}' could not be found: the variable '${path.VariableName}' is not defined.");
        }

        throw new RuntimeFailureException($"The JSONPath '{path.Text}' specified for the field '{field}' could not be found in the input '{JsonValues.ToText(RootFor(path, input, scope))}'");
    }

    /// <summary>Builds a template's value; nodes taken from the input are copied, so no two documents share a node.</summary>
    private JsonNode? Evaluate(PayloadTemplate template, JsonNode? input, StateScope scope) => Evaluate(template.Root, input, scope);

    private JsonNode? Evaluate(PayloadTemplate.TemplateNode node, JsonNode? input, StateScope scope)
    {
        switch (node)
        {
            case PayloadTemplate.ConstantNode c:
                return JsonCopy.Deep(c.Value);
            case PayloadTemplate.PathNode p:
                return JsonCopy.Deep(ResolveRequiredForTemplate(p.Path, input, scope, p.Field));
            case PayloadTemplate.IntrinsicNode i:
                var value = IntrinsicFunctions.Evaluate(i.Call, path => ResolveRequiredForTemplate(path, input, scope, i.Field), _random);
                return value is not null && value.Parent is not null ? value.DeepClone() : value;
            case PayloadTemplate.ObjectNode { UniqueKeys: false } o:
                var obj = new JsonObject();
                foreach (var kv in o.Members)
                {
                    obj[kv.Key] = Evaluate(kv.Value, input, scope);
                }

                return obj;
            case PayloadTemplate.ObjectNode o:
                var members = new KeyValuePair<string, JsonNode?>[o.Members.Count];
                for (var k = 0; k < members.Length; k++)
                {
                    var member = o.Members[k];
                    members[k] = new(member.Key, Evaluate(member.Value, input, scope));
                }

                return new JsonObject(members);
            case PayloadTemplate.ArrayNode a:
                var arr = new JsonArray();
                foreach (var item in a.Items)
                {
                    arr.Add(Evaluate(item, input, scope));
                }

                return arr;
            default:
                throw new InvalidOperationException("unknown template node");
        }
    }

    /// <summary>Places the result in a copy of the raw input at ResultPath, creating missing objects on the way.</summary>
    private static JsonNode? ApplyResultPath(JsonPath? resultPath, JsonNode? rawInput, JsonNode? result)
    {
        if (resultPath is null)
        {
            return rawInput;
        }

        if (resultPath.IsRootOnly)
        {
            return result;
        }

        if (rawInput is not JsonObject and not JsonArray)
        {
            throw new StatesErrorException(StatesErrors.ResultPathMatchFailure, $"Unable to apply ResultPath '{resultPath.Text}' to input {JsonValues.ToText(rawInput)}: the input is not a JSON object.");
        }

        var segments = resultPath.Segments;
        if (segments.Count == 1 && segments[0] is JsonPath.NameSegment only && rawInput is JsonObject inputObject)
        {
            // The common "$.name": one exactly sized copy with the result in place.
            return JsonCopy.WithMember(inputObject, only.Name, Detach(result));
        }

        var copy = JsonCopy.Deep(rawInput)!;
        JsonNode current = copy;
        for (var i = 0; i < segments.Count; i++)
        {
            var last = i == segments.Count - 1;
            switch (segments[i])
            {
                case JsonPath.NameSegment name:
                    if (current is not JsonObject obj)
                    {
                        throw new StatesErrorException(StatesErrors.ResultPathMatchFailure, $"Unable to apply ResultPath '{resultPath.Text}': '{name.Name}' is not inside a JSON object.");
                    }

                    if (last)
                    {
                        obj[name.Name] = Detach(result);
                    }
                    else
                    {
                        if (obj[name.Name] is not (JsonObject or JsonArray))
                        {
                            obj[name.Name] = new JsonObject();
                        }

                        current = obj[name.Name]!;
                    }

                    break;
                case JsonPath.IndexSegment index:
                    if (current is not JsonArray arr || index.Index < 0 || index.Index >= arr.Count)
                    {
                        throw new StatesErrorException(StatesErrors.ResultPathMatchFailure, $"Unable to apply ResultPath '{resultPath.Text}': index {index.Index} is not inside an array.");
                    }

                    if (last)
                    {
                        arr[index.Index] = Detach(result);
                    }
                    else
                    {
                        current = arr[index.Index] ?? throw new StatesErrorException(StatesErrors.ResultPathMatchFailure, $"Unable to apply ResultPath '{resultPath.Text}'.");
                    }

                    break;
            }
        }

        return copy;
    }

    private static JsonNode? Detach(JsonNode? node) => node?.Parent is null ? node : node.DeepClone();

    private JsonObject BuildContext(StateScope scope)
    {
        var execution = new JsonObject
        {
            ["Id"] = _execution.Arn,
            ["Input"] = _execution.Input?.DeepClone(),
            ["StartTime"] = Timestamps.Format(_execution.StartDate),
            ["Name"] = _execution.Name,
            ["RoleArn"] = _execution.RoleArn,
        };
        if (_execution.Type == StateMachineType.Standard)
        {
            execution["RedriveCount"] = _execution.RedriveCount;
            if (_execution.RedriveDate is { } redriven)
            {
                execution["RedriveTime"] = Timestamps.Format(redriven);
            }
        }

        var state = new JsonObject
        {
            ["Name"] = scope.State.Name,
            ["EnteredTime"] = Timestamps.Format(scope.EnteredTime),
        };
        if (scope.State is ResultState and not PassState)
        {
            state["RetryCount"] = scope.RetryCount;
        }

        var context = new JsonObject
        {
            ["Execution"] = execution,
            ["StateMachine"] = new JsonObject
            {
                ["Id"] = _execution.StateMachineArn,
                ["Name"] = _stateMachineName,
            },
            ["State"] = state,
        };
        if (scope.Frame.MapItem is { } item)
        {
            context["Map"] = new JsonObject { ["Item"] = item.DeepClone() };
        }

        return context;
    }

    private bool EvaluateRule(ChoiceRule rule, JsonNode? input, StateScope scope)
    {
        switch (rule)
        {
            case AndRule and:
                foreach (var r in and.Rules)
                {
                    if (!EvaluateRule(r, input, scope))
                    {
                        return false;
                    }
                }

                return true;
            case OrRule or:
                foreach (var r in or.Rules)
                {
                    if (EvaluateRule(r, input, scope))
                    {
                        return true;
                    }
                }

                return false;
            case NotRule not:
                return !EvaluateRule(not.Rule, input, scope);
            case ComparisonRule c:
                return EvaluateComparison(c, input, scope);
            default:
                throw new InvalidOperationException("unknown choice rule");
        }
    }

    private bool EvaluateComparison(ComparisonRule rule, JsonNode? input, StateScope scope)
    {
        var present = TryResolve(rule.Variable, input, scope, out var value);
        if (rule.Operator == ComparisonOperator.IsPresent)
        {
            return present == (rule.Value?.GetValueKind() == System.Text.Json.JsonValueKind.True);
        }

        // A Variable that matches nothing is no error: every test of it is false (so IsString: false holds).
        if (rule.Kind == ComparisonKind.Test)
        {
            var expected = rule.Value?.GetValueKind() == System.Text.Json.JsonValueKind.True;
            var actual = present && rule.Operator switch
            {
                ComparisonOperator.IsNull => value is null,
                ComparisonOperator.IsNumeric => JsonValues.IsNumber(value, out _),
                ComparisonOperator.IsString => JsonValues.IsString(value, out _),
                ComparisonOperator.IsBoolean => JsonValues.IsBoolean(value, out _),
                ComparisonOperator.IsTimestamp => JsonValues.IsString(value, out var ts) && Timestamps.TryParse(ts, out _),
                _ => false,
            };
            return actual == expected;
        }

        if (!present)
        {
            return false;
        }

        JsonNode? operand;
        if (rule.ValuePath is { } vp)
        {
            if (!TryResolve(vp, input, scope, out operand))
            {
                throw new RuntimeFailureException($"Invalid path '{vp.Text}': The choice state's condition path references an invalid value.");
            }
        }
        else
        {
            operand = rule.Value;
        }

        switch (rule.Kind)
        {
            case ComparisonKind.Text:
                if (!JsonValues.IsString(value, out var s) || !JsonValues.IsString(operand, out var t))
                {
                    return false;
                }

                return rule.Operator == ComparisonOperator.Matches ? Glob.Matches(s, t) : Compare(string.CompareOrdinal(s, t), rule.Operator);
            case ComparisonKind.Numeric:
                if (!JsonValues.IsNumber(value, out var x) || !JsonValues.IsNumber(operand, out var y))
                {
                    return false;
                }

                return Compare(x.CompareTo(y), rule.Operator);
            case ComparisonKind.Boolean:
                return JsonValues.IsBoolean(value, out var bv) && JsonValues.IsBoolean(operand, out var bo) && bv == bo;
            case ComparisonKind.Timestamp:
                if (!JsonValues.IsString(value, out var ts1) || !JsonValues.IsString(operand, out var ts2)
                    || !Timestamps.TryParse(ts1, out var d1) || !Timestamps.TryParse(ts2, out var d2))
                {
                    return false;
                }

                return Compare(d1.CompareTo(d2), rule.Operator);
            default:
                return false;
        }
    }

    private static bool Compare(int c, ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equals => c == 0,
        ComparisonOperator.LessThan => c < 0,
        ComparisonOperator.GreaterThan => c > 0,
        ComparisonOperator.LessThanEquals => c <= 0,
        ComparisonOperator.GreaterThanEquals => c >= 0,
        _ => false,
    };
}
