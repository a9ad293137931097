using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Intrinsics;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States;


/// <summary>
/// Turns ASL text into a <see cref="StateMachineDefinition"/> with every path, template and choice rule compiled.
/// It never stops at the first problem: it records each one with its location and carries on, so a user sees them all.
/// </summary>
public sealed class AslParser
{
    private static readonly HashSet<string> CommonFields = ["Type", "Comment", "Next", "End", "InputPath", "OutputPath", "Assign", "QueryLanguage"];
    private static readonly HashSet<string> PassFields = [.. CommonFields, "Result", "ResultPath", "Parameters"];
    private static readonly HashSet<string> TaskFields = [.. CommonFields, "Resource", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials"];
    private static readonly HashSet<string> ChoiceFields = ["Type", "Comment", "Choices", "Default", "InputPath", "OutputPath", "Assign", "QueryLanguage"];
    private static readonly HashSet<string> WaitFields = [.. CommonFields, "Seconds", "SecondsPath", "Timestamp", "TimestampPath"];
    private static readonly HashSet<string> SucceedFields = ["Type", "Comment", "InputPath", "OutputPath", "QueryLanguage"];
    private static readonly HashSet<string> FailFields = ["Type", "Comment", "Error", "ErrorPath", "Cause", "CausePath", "QueryLanguage"];
    private static readonly HashSet<string> ParallelFields = [.. CommonFields, "Branches", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch"];
    private static readonly HashSet<string> MapFields = [.. CommonFields, "Iterator", "ItemProcessor", "ItemsPath", "ItemSelector", "Parameters", "ResultSelector", "ResultPath", "Retry", "Catch", "MaxConcurrency", "MaxConcurrencyPath", "ToleratedFailureCount", "ToleratedFailureCountPath", "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "ItemReader", "ItemBatcher", "ResultWriter", "Label"];

    private readonly List<DefinitionError> _errors = [];

    private AslParser()
    {
    }

    /// <summary>Parses and validates; the definition is returned only when there are no errors.</summary>
    public static AslParseResult Parse(string text)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            return new AslParseResult(null, [new DefinitionError($"line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}", $"The definition is not valid JSON: {FirstLine(e.Message)}")]);
        }
        catch (ArgumentException e)
        {
            // A raw lone surrogate in the .NET string cannot be transcoded to UTF-8.
            return new AslParseResult(null, [new DefinitionError("$", $"The definition is not valid Unicode text: {FirstLine(e.Message)}")]);
        }

        return Parse(root);
    }

    public static AslParseResult Parse(JsonNode? root)
    {
        if (Json.JsonUnicode.FindInvalidString(root) is { } invalid)
        {
            return new AslParseResult(null, [new DefinitionError(invalid, "The string is not valid Unicode (a lone surrogate or invalid UTF-8).")]);
        }

        var parser = new AslParser();
        if (root is not JsonObject obj)
        {
            return new AslParseResult(null, [new DefinitionError("$", "The definition must be a JSON object.")]);
        }

        if (obj["QueryLanguage"] is JsonValue ql && ql.ToString() == "JSONata")
        {
            return new AslParseResult(null, [new DefinitionError("QueryLanguage", "not supported: JSONata (only the JSONPath query language is implemented).")]);
        }

        var definition = parser.ParseMachine(obj, "", topLevel: true);
        if (parser._errors.Count == 0 && definition is not null)
        {
            parser._errors.AddRange(AslValidator.Validate(definition));
        }

        return parser._errors.Count == 0
            ? new AslParseResult(definition, [])
            : new AslParseResult(null, parser._errors);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static string Join(string prefix, string field) => prefix.Length == 0 ? field : $"{prefix}.{field}";

    private void Error(string location, string message) => _errors.Add(new DefinitionError(location.Length == 0 ? "$" : location, message));

    private StateMachineDefinition? ParseMachine(JsonObject obj, string location, bool topLevel)
    {
        var allowed = topLevel ? new HashSet<string> { "StartAt", "States", "Comment", "TimeoutSeconds", "Version", "QueryLanguage" } : ["StartAt", "States", "Comment", "ProcessorConfig", "QueryLanguage"];
        foreach (var kv in obj)
        {
            if (!allowed.Contains(kv.Key))
            {
                Error(Join(location, kv.Key), $"Field '{kv.Key}' is not supported here.");
            }
        }

        var startAt = RequiredString(obj, "StartAt", location);
        int? timeout = null;
        if (topLevel && obj.ContainsKey("TimeoutSeconds"))
        {
            timeout = PositiveInt(obj["TimeoutSeconds"], Join(location, "TimeoutSeconds"), allowZero: false);
        }

        var states = new Dictionary<string, State>(StringComparer.Ordinal);
        var statesLocation = Join(location, "States");
        if (obj["States"] is not JsonObject statesObj)
        {
            Error(statesLocation, obj.ContainsKey("States") ? "States must be an object." : "The required field States is missing.");
        }
        else
        {
            if (statesObj.Count == 0)
            {
                Error(statesLocation, "States must contain at least one state.");
            }

            foreach (var kv in statesObj)
            {
                var stateLocation = $"{statesLocation}.{kv.Key}";
                if (kv.Key.Length is 0 or > 80)
                {
                    Error(stateLocation, "A state name must be 1 to 80 characters long.");
                }

                if (kv.Value is not JsonObject stateObj)
                {
                    Error(stateLocation, "A state must be a JSON object.");
                    continue;
                }

                var state = ParseState(kv.Key, stateObj, stateLocation);
                if (state is not null)
                {
                    states[kv.Key] = state;
                }
            }
        }

        return startAt is null ? null : new StateMachineDefinition(startAt, states, OptionalString(obj, "Comment", location), timeout, location);
    }

    private State? ParseState(string name, JsonObject obj, string location)
    {
        var type = RequiredString(obj, "Type", location);
        if (type is null)
        {
            return null;
        }

        if (obj["QueryLanguage"] is JsonValue ql && ql.ToString() == "JSONata")
        {
            Error(Join(location, "QueryLanguage"), "not supported: JSONata (only the JSONPath query language is implemented).");
            return null;
        }

        HashSet<string> allowed = type switch
        {
            "Pass" => PassFields,
            "Task" => TaskFields,
            "Choice" => ChoiceFields,
            "Wait" => WaitFields,
            "Succeed" => SucceedFields,
            "Fail" => FailFields,
            "Parallel" => ParallelFields,
            "Map" => MapFields,
            _ => [],
        };
        if (allowed.Count == 0)
        {
            Error(Join(location, "Type"), $"Unknown state type '{type}'; expected one of Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map.");
            return null;
        }

        foreach (var kv in obj)
        {
            if (!allowed.Contains(kv.Key))
            {
                Error(Join(location, kv.Key), $"Field '{kv.Key}' is not supported by a {type} state.");
            }
        }

        State? state = type switch
        {
            "Pass" => ParsePass(name, obj, location),
            "Task" => ParseTask(name, obj, location),
            "Choice" => ParseChoice(name, obj, location),
            "Wait" => ParseWait(name, obj, location),
            "Succeed" => new SucceedState(name, location),
            "Fail" => ParseFail(name, obj, location),
            "Parallel" => ParseParallel(name, obj, location),
            _ => ParseMap(name, obj, location),
        };
        if (state is null)
        {
            return null;
        }

        var next = OptionalString(obj, "Next", location);
        var end = obj["End"] is { } endNode && Bool(endNode, Join(location, "End"));
        if (type is not ("Choice" or "Succeed" or "Fail"))
        {
            if (next is not null && end)
            {
                Error(location, "A state cannot have both Next and End: true.");
            }
            else if (next is null && !end)
            {
                Error(location, "A non-terminal state must have either Next or End: true.");
            }
        }

        state = state with
        {
            Comment = OptionalString(obj, "Comment", location),
            Next = next,
            End = end,
        };
        if (obj.ContainsKey("InputPath"))
        {
            state = state with { InputPath = OptionalPath(obj, "InputPath", location) };
        }

        if (obj.ContainsKey("OutputPath"))
        {
            state = state with { OutputPath = OptionalPath(obj, "OutputPath", location) };
        }

        if (obj["Assign"] is { } assign)
        {
            if (assign is not JsonObject)
            {
                Error(Join(location, "Assign"), "Assign must be a JSON object.");
            }
            else
            {
                state = state with { Assign = Template(assign, Join(location, "Assign"), isAssign: true) };
            }
        }

        if (state is ResultState rs)
        {
            state = ParseResultFields(rs, obj, location);
        }

        return state;
    }

    private ResultState ParseResultFields(ResultState state, JsonObject obj, string location)
    {
        if (obj.ContainsKey("ResultPath"))
        {
            var rp = OptionalPath(obj, "ResultPath", location);
            if (rp is not null && (!rp.IsDefinite || rp.Root != JsonPathRoot.Input))
            {
                Error(Join(location, "ResultPath"), $"ResultPath '{rp.Text}' must be a reference path: '$' followed by names and indexes only.");
            }

            state = state with { ResultPath = rp };
        }

        if (obj["Parameters"] is { } parameters && state is not MapState)
        {
            state = state with { Parameters = Template(parameters, Join(location, "Parameters"), isAssign: false) };
        }

        if (obj["ResultSelector"] is { } selector)
        {
            if (selector is not JsonObject)
            {
                Error(Join(location, "ResultSelector"), "ResultSelector must be a JSON object.");
            }

            state = state with { ResultSelector = Template(selector, Join(location, "ResultSelector"), isAssign: false) };
        }

        if (obj["Retry"] is { } retry)
        {
            state = state with { Retry = ParseRetry(retry, Join(location, "Retry")) };
        }

        if (obj["Catch"] is { } catchNode)
        {
            state = state with { Catch = ParseCatch(catchNode, Join(location, "Catch")) };
        }

        return state;
    }

    private static PassState ParsePass(string name, JsonObject obj, string location) => new(name, location)
    {
        Result = obj["Result"]?.DeepClone(),
        HasResult = obj.ContainsKey("Result"),
    };

    private TaskState? ParseTask(string name, JsonObject obj, string location)
    {
        var resource = RequiredString(obj, "Resource", location);
        if (resource is null)
        {
            return null;
        }

        if (!resource.StartsWith("arn:", StringComparison.Ordinal))
        {
            Error(Join(location, "Resource"), $"Resource '{resource}' is not an ARN.");
        }

        var task = new TaskState(name, location, resource);
        if (obj.ContainsKey("TimeoutSeconds") && obj.ContainsKey("TimeoutSecondsPath"))
        {
            Error(location, "A Task cannot have both TimeoutSeconds and TimeoutSecondsPath.");
        }

        if (obj.ContainsKey("HeartbeatSeconds") && obj.ContainsKey("HeartbeatSecondsPath"))
        {
            Error(location, "A Task cannot have both HeartbeatSeconds and HeartbeatSecondsPath.");
        }

        if (obj.ContainsKey("TimeoutSeconds"))
        {
            task = task with { TimeoutSeconds = PositiveInt(obj["TimeoutSeconds"], Join(location, "TimeoutSeconds"), allowZero: false) };
        }

        if (obj.ContainsKey("HeartbeatSeconds"))
        {
            task = task with { HeartbeatSeconds = PositiveInt(obj["HeartbeatSeconds"], Join(location, "HeartbeatSeconds"), allowZero: false) };
        }

        if (task.TimeoutSeconds is { } t && task.HeartbeatSeconds is { } h && h >= t)
        {
            Error(Join(location, "HeartbeatSeconds"), "HeartbeatSeconds must be smaller than TimeoutSeconds.");
        }

        return task with
        {
            TimeoutSecondsPath = obj.ContainsKey("TimeoutSecondsPath") ? RequiredPath(obj, "TimeoutSecondsPath", location) : null,
            HeartbeatSecondsPath = obj.ContainsKey("HeartbeatSecondsPath") ? RequiredPath(obj, "HeartbeatSecondsPath", location) : null,
        };
    }

    private ChoiceState? ParseChoice(string name, JsonObject obj, string location)
    {
        var choicesLocation = Join(location, "Choices");
        if (obj["Choices"] is not JsonArray choices || choices.Count == 0)
        {
            Error(choicesLocation, "A Choice state needs a non-empty Choices array.");
            return null;
        }

        var rules = new List<ChoiceRule>();
        for (var i = 0; i < choices.Count; i++)
        {
            var ruleLocation = $"{choicesLocation}[{i}]";
            if (choices[i] is not JsonObject ruleObj)
            {
                Error(ruleLocation, "A choice rule must be a JSON object.");
                continue;
            }

            var rule = ParseRule(ruleObj, ruleLocation, topLevel: true);
            if (rule is null)
            {
                continue;
            }

            var next = RequiredString(ruleObj, "Next", ruleLocation);
            PayloadTemplate? assign = ruleObj["Assign"] is JsonObject a ? Template(a, Join(ruleLocation, "Assign"), isAssign: true) : null;
            rules.Add(rule with { Next = next, Assign = assign });
        }

        return new ChoiceState(name, location, rules) { Default = OptionalString(obj, "Default", location) };
    }

    private static readonly string[] RuleOperators =
    [
        "StringEquals", "StringLessThan", "StringGreaterThan", "StringLessThanEquals", "StringGreaterThanEquals", "StringMatches",
        "NumericEquals", "NumericLessThan", "NumericGreaterThan", "NumericLessThanEquals", "NumericGreaterThanEquals",
        "BooleanEquals",
        "TimestampEquals", "TimestampLessThan", "TimestampGreaterThan", "TimestampLessThanEquals", "TimestampGreaterThanEquals",
        "IsNull", "IsPresent", "IsNumeric", "IsString", "IsBoolean", "IsTimestamp",
    ];

    private static readonly string[] TopLevelRuleFields = ["Next", "Comment", "Assign"];
    private static readonly string[] NestedRuleFields = ["Comment"];
    private static readonly string[] DistributedOnlyFields = ["ItemReader", "ItemBatcher", "ResultWriter"];
    private static readonly string[] WaitFieldNames = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"];

    private ChoiceRule? ParseRule(JsonObject obj, string location, bool topLevel)
    {
        var allowedExtra = topLevel ? TopLevelRuleFields : NestedRuleFields;
        if (obj["And"] is { } andNode || obj["Or"] is { } orNode)
        {
            var key = obj.ContainsKey("And") ? "And" : "Or";
            var list = new List<ChoiceRule>();
            if (obj[key] is not JsonArray arr || arr.Count == 0)
            {
                Error(Join(location, key), $"{key} must be a non-empty array of rules.");
                return null;
            }

            for (var i = 0; i < arr.Count; i++)
            {
                var l = $"{location}.{key}[{i}]";
                if (arr[i] is JsonObject o && ParseRule(o, l, topLevel: false) is { } r)
                {
                    list.Add(r);
                }
                else if (arr[i] is not JsonObject)
                {
                    Error(l, "A choice rule must be a JSON object.");
                }
            }

            CheckRuleFields(obj, location, [key, .. allowedExtra]);
            return key == "And" ? new AndRule(location, list) : new OrRule(location, list);
        }

        if (obj["Not"] is { } notNode)
        {
            CheckRuleFields(obj, location, ["Not", .. allowedExtra]);
            if (notNode is not JsonObject notObj)
            {
                Error(Join(location, "Not"), "Not must be a choice rule object.");
                return null;
            }

            var inner = ParseRule(notObj, Join(location, "Not"), topLevel: false);
            return inner is null ? null : new NotRule(location, inner);
        }

        var variableText = RequiredString(obj, "Variable", location);
        string? op = null;
        var isPath = false;
        foreach (var candidate in RuleOperators)
        {
            if (obj.ContainsKey(candidate))
            {
                op = candidate;
            }
            else if (obj.ContainsKey(candidate + "Path") && !candidate.StartsWith("Is", StringComparison.Ordinal))
            {
                op = candidate;
                isPath = true;
            }
        }

        if (op is null)
        {
            Error(location, "A choice rule needs a comparison operator (e.g. StringEquals, NumericGreaterThanPath, IsPresent) or And/Or/Not.");
            return null;
        }

        var opField = isPath ? op + "Path" : op;
        CheckRuleFields(obj, location, ["Variable", opField, .. allowedExtra]);
        if (variableText is null)
        {
            return null;
        }

        if (!JsonPath.TryParse(variableText, out var variable, out var pathError))
        {
            Error(Join(location, "Variable"), pathError);
            return null;
        }

        var (kind, oper) = Classify(op);
        var value = obj[opField];
        var opLocation = Join(location, opField);
        JsonPath? valuePath = null;
        if (isPath)
        {
            if (!JsonValues.IsString(value, out var vp) || !JsonPath.TryParse(vp, out valuePath, out var e))
            {
                Error(opLocation, $"{opField} must be a valid JSONPath string.");
                return null;
            }
        }
        else
        {
            var ok = kind switch
            {
                ComparisonKind.Text => JsonValues.IsString(value, out _),
                ComparisonKind.Numeric => JsonValues.IsNumber(value, out _),
                ComparisonKind.Boolean or ComparisonKind.Test => JsonValues.IsBoolean(value, out _),
                ComparisonKind.Timestamp => JsonValues.IsString(value, out var ts) && Timestamps.TryParse(ts, out _),
                _ => false,
            };
            if (!ok)
            {
                Error(opLocation, $"{op} expects {(kind switch { ComparisonKind.Text => "a string", ComparisonKind.Numeric => "a number", ComparisonKind.Timestamp => "an ISO-8601 timestamp string", _ => "a boolean" })}, not {JsonValues.TypeName(value)}.");
                return null;
            }
        }

        return new ComparisonRule(location, variable, opField, kind, oper, value?.DeepClone(), valuePath);
    }

    private void CheckRuleFields(JsonObject obj, string location, string[] allowed)
    {
        foreach (var kv in obj)
        {
            if (!allowed.Contains(kv.Key))
            {
                Error(Join(location, kv.Key), $"Field '{kv.Key}' is not allowed in this choice rule.");
            }
        }
    }

    private static (ComparisonKind, ComparisonOperator) Classify(string op)
    {
        if (op.StartsWith("Is", StringComparison.Ordinal))
        {
            return (ComparisonKind.Test, Enum.Parse<ComparisonOperator>(op));
        }

        var (kind, prefix) = op.StartsWith("String", StringComparison.Ordinal) ? (ComparisonKind.Text, "String")
            : op.StartsWith("Numeric", StringComparison.Ordinal) ? (ComparisonKind.Numeric, "Numeric")
            : op.StartsWith("Boolean", StringComparison.Ordinal) ? (ComparisonKind.Boolean, "Boolean")
            : (ComparisonKind.Timestamp, "Timestamp");
        var suffix = op[prefix.Length..];
        return (kind, Enum.Parse<ComparisonOperator>(suffix));
    }

    private WaitState? ParseWait(string name, JsonObject obj, string location)
    {
        var present = WaitFieldNames.Where(obj.ContainsKey).ToArray();
        if (present.Length != 1)
        {
            Error(location, present.Length == 0
                ? "A Wait state needs exactly one of Seconds, SecondsPath, Timestamp or TimestampPath."
                : $"A Wait state can have only one of {string.Join(", ", present)}.");
            return null;
        }

        var wait = new WaitState(name, location);
        switch (present[0])
        {
            case "Seconds":
                var s = PositiveInt(obj["Seconds"], Join(location, "Seconds"), allowZero: true);
                return wait with { Seconds = s };
            case "Timestamp":
                if (!JsonValues.IsString(obj["Timestamp"], out var text) || !Timestamps.TryParse(text, out var ts))
                {
                    Error(Join(location, "Timestamp"), "Timestamp must be an ISO-8601 extended offset date-time string, such as 2016-03-14T01:59:00Z.");
                    return null;
                }

                return wait with { Timestamp = ts };
            case "SecondsPath":
                return wait with { SecondsPath = RequiredPath(obj, "SecondsPath", location) };
            default:
                return wait with { TimestampPath = RequiredPath(obj, "TimestampPath", location) };
        }
    }

    private FailState ParseFail(string name, JsonObject obj, string location)
    {
        if (obj.ContainsKey("Error") && obj.ContainsKey("ErrorPath"))
        {
            Error(location, "A Fail state cannot have both Error and ErrorPath.");
        }

        if (obj.ContainsKey("Cause") && obj.ContainsKey("CausePath"))
        {
            Error(location, "A Fail state cannot have both Cause and CausePath.");
        }

        return new FailState(name, location)
        {
            Error = OptionalString(obj, "Error", location),
            Cause = OptionalString(obj, "Cause", location),
            ErrorPath = PathOrCall(obj, "ErrorPath", location),
            CausePath = PathOrCall(obj, "CausePath", location),
        };
    }

    private PathOrIntrinsic? PathOrCall(JsonObject obj, string field, string location)
    {
        if (!obj.ContainsKey(field))
        {
            return null;
        }

        var l = Join(location, field);
        if (!JsonValues.IsString(obj[field], out var text))
        {
            Error(l, $"{field} must be a string.");
            return null;
        }

        if (IntrinsicParser.LooksLikeIntrinsic(text))
        {
            if (IntrinsicParser.TryParse(text, out var call, out var err))
            {
                return new PathOrIntrinsic(text, null, call);
            }

            Error(l, $"The intrinsic function '{text}' is not valid: {err}.");
            return null;
        }

        if (JsonPath.TryParse(text, out var path, out var e))
        {
            return new PathOrIntrinsic(text, path, null);
        }

        Error(l, e);
        return null;
    }

    private ParallelState? ParseParallel(string name, JsonObject obj, string location)
    {
        var branchesLocation = Join(location, "Branches");
        if (obj["Branches"] is not JsonArray arr || arr.Count == 0)
        {
            Error(branchesLocation, "A Parallel state needs a non-empty Branches array.");
            return null;
        }

        var branches = new List<StateMachineDefinition>();
        for (var i = 0; i < arr.Count; i++)
        {
            var l = $"{branchesLocation}[{i}]";
            if (arr[i] is not JsonObject b)
            {
                Error(l, "A branch must be a JSON object with StartAt and States.");
                continue;
            }

            if (ParseMachine(b, l, topLevel: false) is { } def)
            {
                branches.Add(def);
            }
        }

        return new ParallelState(name, location, branches);
    }

    private MapState? ParseMap(string name, JsonObject obj, string location)
    {
        var legacy = obj.ContainsKey("Iterator");
        var processorField = legacy ? "Iterator" : "ItemProcessor";
        if (legacy && obj.ContainsKey("ItemProcessor"))
        {
            Error(location, "A Map state cannot have both Iterator and ItemProcessor.");
        }

        var processorLocation = Join(location, processorField);
        if (obj[processorField] is not JsonObject processorObj)
        {
            Error(processorLocation, "A Map state needs an ItemProcessor (or the legacy Iterator) object.");
            return null;
        }

        var mode = MapMode.Inline;
        if (processorObj["ProcessorConfig"] is JsonObject config)
        {
            if (JsonValues.IsString(config["Mode"], out var m))
            {
                if (m == "DISTRIBUTED")
                {
                    mode = MapMode.Distributed;
                }
                else if (m != "INLINE")
                {
                    Error($"{processorLocation}.ProcessorConfig.Mode", $"Mode must be INLINE or DISTRIBUTED, not '{m}'.");
                }
            }
        }

        var processor = ParseMachine(processorObj, processorLocation, topLevel: false);
        if (processor is null)
        {
            return null;
        }

        if (obj.ContainsKey("ItemSelector") && obj.ContainsKey("Parameters"))
        {
            Error(location, "A Map state cannot have both ItemSelector and Parameters.");
        }

        var selectorField = obj.ContainsKey("ItemSelector") ? "ItemSelector" : "Parameters";
        var map = new MapState(name, location, processor)
        {
            Mode = mode,
            UsesLegacyIterator = legacy,
            ItemSelector = obj[selectorField] is { } sel ? Template(sel, Join(location, selectorField), isAssign: false) : null,
            ItemReader = obj["ItemReader"]?.DeepClone(),
            ItemBatcher = obj["ItemBatcher"]?.DeepClone(),
            Label = OptionalString(obj, "Label", location),
        };
        if (mode == MapMode.Inline)
        {
            foreach (var field in DistributedOnlyFields.Where(obj.ContainsKey))
            {
                Error(Join(location, field), $"{field} needs ItemProcessor.ProcessorConfig.Mode DISTRIBUTED.");
            }
        }

        if (obj["Label"] is { } label && (!JsonValues.IsString(label, out var labelText) || labelText.Length is 0 or > 40 || labelText.Any(c => char.IsWhiteSpace(c) || "<>{}[]?*\"#%\\^|~`$&,;:/".Contains(c, StringComparison.Ordinal) || char.IsControl(c))))
        {
            Error(Join(location, "Label"), "Label must be 1 to 40 characters with no whitespace, brackets, wildcards or punctuation such as / : ; , $ & # % ^ | ~ ` \\.");
        }

        if (obj.ContainsKey("ItemsPath"))
        {
            map = map with { ItemsPath = OptionalPath(obj, "ItemsPath", location) };
        }

        if (obj.ContainsKey("MaxConcurrency"))
        {
            map = map with { MaxConcurrency = PositiveInt(obj["MaxConcurrency"], Join(location, "MaxConcurrency"), allowZero: true) };
        }

        if (obj.ContainsKey("MaxConcurrencyPath"))
        {
            map = map with { MaxConcurrencyPath = RequiredPath(obj, "MaxConcurrencyPath", location) };
        }

        if (obj.ContainsKey("ToleratedFailureCount"))
        {
            map = map with { ToleratedFailureCount = PositiveInt(obj["ToleratedFailureCount"], Join(location, "ToleratedFailureCount"), allowZero: true) };
        }

        if (obj.ContainsKey("ToleratedFailureCountPath"))
        {
            map = map with { ToleratedFailureCountPath = RequiredPath(obj, "ToleratedFailureCountPath", location) };
        }

        if (obj.ContainsKey("ToleratedFailurePercentage"))
        {
            if (!JsonValues.IsNumber(obj["ToleratedFailurePercentage"], out var p) || p < 0 || p > 100)
            {
                Error(Join(location, "ToleratedFailurePercentage"), "ToleratedFailurePercentage must be a number between 0 and 100.");
            }

            map = map with { ToleratedFailurePercentage = p };
        }

        if (obj.ContainsKey("ToleratedFailurePercentagePath"))
        {
            map = map with { ToleratedFailurePercentagePath = RequiredPath(obj, "ToleratedFailurePercentagePath", location) };
        }

        return map;
    }

    private List<Retrier> ParseRetry(JsonNode node, string location)
    {
        var result = new List<Retrier>();
        if (node is not JsonArray arr)
        {
            Error(location, "Retry must be an array.");
            return result;
        }

        for (var i = 0; i < arr.Count; i++)
        {
            var l = $"{location}[{i}]";
            if (arr[i] is not JsonObject o)
            {
                Error(l, "A retrier must be a JSON object.");
                continue;
            }

            foreach (var kv in o)
            {
                if (kv.Key is not ("ErrorEquals" or "IntervalSeconds" or "MaxAttempts" or "BackoffRate" or "MaxDelaySeconds" or "JitterStrategy" or "Comment"))
                {
                    Error(Join(l, kv.Key), $"Field '{kv.Key}' is not supported in a retrier.");
                }
            }

            var errors = ErrorEquals(o, l, i == arr.Count - 1);
            var retrier = new Retrier(errors);
            if (o.ContainsKey("IntervalSeconds"))
            {
                retrier = retrier with { IntervalSeconds = PositiveInt(o["IntervalSeconds"], Join(l, "IntervalSeconds"), allowZero: false) ?? 1 };
            }

            if (o.ContainsKey("MaxAttempts"))
            {
                retrier = retrier with { MaxAttempts = PositiveInt(o["MaxAttempts"], Join(l, "MaxAttempts"), allowZero: true) ?? 3 };
            }

            if (o.ContainsKey("BackoffRate"))
            {
                if (!JsonValues.IsNumber(o["BackoffRate"], out var rate) || rate < 1)
                {
                    Error(Join(l, "BackoffRate"), "BackoffRate must be a number greater than or equal to 1.0.");
                }

                retrier = retrier with { BackoffRate = rate };
            }

            if (o.ContainsKey("MaxDelaySeconds"))
            {
                retrier = retrier with { MaxDelaySeconds = PositiveInt(o["MaxDelaySeconds"], Join(l, "MaxDelaySeconds"), allowZero: false) };
            }

            if (o.ContainsKey("JitterStrategy"))
            {
                var js = JsonValues.IsString(o["JitterStrategy"], out var j) ? j : "";
                if (js is not ("FULL" or "NONE"))
                {
                    Error(Join(l, "JitterStrategy"), "JitterStrategy must be FULL or NONE.");
                }

                retrier = retrier with { JitterStrategy = js == "FULL" ? JitterStrategy.Full : JitterStrategy.None };
            }

            result.Add(retrier);
        }

        return result;
    }

    private List<Catcher> ParseCatch(JsonNode node, string location)
    {
        var result = new List<Catcher>();
        if (node is not JsonArray arr)
        {
            Error(location, "Catch must be an array.");
            return result;
        }

        for (var i = 0; i < arr.Count; i++)
        {
            var l = $"{location}[{i}]";
            if (arr[i] is not JsonObject o)
            {
                Error(l, "A catcher must be a JSON object.");
                continue;
            }

            foreach (var kv in o)
            {
                if (kv.Key is not ("ErrorEquals" or "Next" or "ResultPath" or "Assign" or "Comment"))
                {
                    Error(Join(l, kv.Key), $"Field '{kv.Key}' is not supported in a catcher.");
                }
            }

            var errors = ErrorEquals(o, l, i == arr.Count - 1);
            var next = RequiredString(o, "Next", l) ?? "";
            var catcher = new Catcher(errors, next);
            if (o.ContainsKey("ResultPath"))
            {
                var rp = OptionalPath(o, "ResultPath", l);
                if (rp is not null && !rp.IsDefinite)
                {
                    Error(Join(l, "ResultPath"), "ResultPath must be a reference path.");
                }

                catcher = catcher with { ResultPath = rp };
            }

            if (o["Assign"] is JsonObject assign)
            {
                catcher = catcher with { Assign = Template(assign, Join(l, "Assign"), isAssign: true) };
            }

            result.Add(catcher);
        }

        return result;
    }

    private string[] ErrorEquals(JsonObject o, string location, bool isLast)
    {
        var l = Join(location, "ErrorEquals");
        if (o["ErrorEquals"] is not JsonArray arr || arr.Count == 0)
        {
            Error(l, "ErrorEquals must be a non-empty array of error names.");
            return [];
        }

        var names = new List<string>();
        foreach (var item in arr)
        {
            if (!JsonValues.IsString(item, out var s))
            {
                Error(l, "ErrorEquals must contain strings only.");
                continue;
            }

            names.Add(s);
        }

        if (names.Contains("States.ALL") && (names.Count > 1 || !isLast))
        {
            Error(l, "States.ALL must appear alone, in the last retrier or catcher.");
        }

        return [.. names];
    }

    private PayloadTemplate Template(JsonNode node, string location, bool isAssign) => new(TemplateNode(node, location, isAssign));

    private PayloadTemplate.TemplateNode TemplateNode(JsonNode? node, string location, bool isAssign)
    {
        switch (node)
        {
            case JsonObject obj:
                var members = new List<KeyValuePair<string, PayloadTemplate.TemplateNode>>();
                foreach (var kv in obj)
                {
                    var l = Join(location, kv.Key);
                    if (kv.Key.EndsWith(".$", StringComparison.Ordinal))
                    {
                        var key = kv.Key[..^2];
                        if (!JsonValues.IsString(kv.Value, out var expr))
                        {
                            Error(l, $"The value of '{kv.Key}' must be a JSONPath or intrinsic function string.");
                            continue;
                        }

                        if (IntrinsicParser.LooksLikeIntrinsic(expr))
                        {
                            if (IntrinsicParser.TryParse(expr, out var call, out var err))
                            {
                                members.Add(new(key, new PayloadTemplate.IntrinsicNode(kv.Key, call)));
                            }
                            else
                            {
                                Error(l, $"The intrinsic function '{expr}' is not valid: {err}.");
                            }
                        }
                        else if (JsonPath.TryParse(expr, out var path, out var e))
                        {
                            members.Add(new(key, new PayloadTemplate.PathNode(kv.Key, path)));
                        }
                        else
                        {
                            Error(l, e);
                        }
                    }
                    else
                    {
                        members.Add(new(kv.Key, TemplateNode(kv.Value, l, isAssign)));
                    }
                }

                return new PayloadTemplate.ObjectNode(members);
            case JsonArray arr:
                if (!arr.Any(n => n is JsonObject or JsonArray))
                {
                    return new PayloadTemplate.ConstantNode(arr.DeepClone());
                }

                return new PayloadTemplate.ArrayNode([.. arr.Select((n, i) => TemplateNode(n, $"{location}[{i}]", isAssign))]);
            default:
                return new PayloadTemplate.ConstantNode(node?.DeepClone());
        }
    }

    private string? RequiredString(JsonObject obj, string field, string location)
    {
        var node = obj[field];
        if (node is null)
        {
            Error(Join(location, field), $"The required field {field} is missing.");
            return null;
        }

        if (!JsonValues.IsString(node, out var s))
        {
            Error(Join(location, field), $"{field} must be a string, not {JsonValues.TypeName(node)}.");
            return null;
        }

        return s;
    }

    private string? OptionalString(JsonObject obj, string field, string location)
    {
        if (!obj.TryGetPropertyValue(field, out var node) || node is null)
        {
            return null;
        }

        if (!JsonValues.IsString(node, out var s))
        {
            Error(Join(location, field), $"{field} must be a string, not {JsonValues.TypeName(node)}.");
            return null;
        }

        return s;
    }

    private JsonPath? OptionalPath(JsonObject obj, string field, string location)
    {
        var node = obj[field];
        if (node is null)
        {
            return null;
        }

        return PathFrom(node, Join(location, field));
    }

    private JsonPath? RequiredPath(JsonObject obj, string field, string location)
    {
        var node = obj[field];
        if (node is null)
        {
            Error(Join(location, field), $"{field} must be a JSONPath string.");
            return null;
        }

        return PathFrom(node, Join(location, field));
    }

    private JsonPath? PathFrom(JsonNode node, string location)
    {
        if (!JsonValues.IsString(node, out var text))
        {
            Error(location, $"Expected a JSONPath string, not {JsonValues.TypeName(node)}.");
            return null;
        }

        if (!JsonPath.TryParse(text, out var path, out var error))
        {
            Error(location, error);
            return null;
        }

        return path;
    }

    private int? PositiveInt(JsonNode? node, string location, bool allowZero)
    {
        if (JsonValues.IsNumber(node, out var d) && d == Math.Floor(d) && d <= int.MaxValue && (d > 0 || (allowZero && d == 0)))
        {
            return (int)d;
        }

        Error(location, $"Expected {(allowZero ? "a non-negative" : "a positive")} integer, not {node?.ToJsonString() ?? "null"}.");
        return null;
    }

    private bool Bool(JsonNode node, string location)
    {
        if (JsonValues.IsBoolean(node, out var b))
        {
            return b;
        }

        Error(location, "Expected true or false.");
        return false;
    }

    internal static string Invariant(double d) => d.ToString(CultureInfo.InvariantCulture);
}
