using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Templates;

/// <summary>
/// Resolves CloudFormation intrinsic functions against the local cloud's names. Problems are collected in
/// <see cref="Errors"/> (with the property path where they occur) and resolution carries on, so one load
/// reports every problem of a template.
/// </summary>
internal sealed class IntrinsicResolver
{
    // A marker for AWS::NoValue: never attached to a tree, so reference equality identifies it.
    private static readonly JsonValue NoValue = JsonValue.Create("AWS::NoValue");

    private readonly TemplateLoadOptions _options;
    private readonly JsonObject _resources;
    private readonly JsonObject _parameters;
    private readonly JsonObject _conditions;
    private readonly JsonObject _mappings;
    private readonly List<TemplateError> _errors = [];
    private readonly HashSet<TemplateError> _reported = [];
    private readonly Dictionary<string, bool> _conditionValues = new(StringComparer.Ordinal);
    private readonly HashSet<string> _conditionsInProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _namesInProgress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonNode?> _parameterValues = new(StringComparer.Ordinal);

    public IntrinsicResolver(JsonObject template, TemplateLoadOptions options)
    {
        _options = options;
        _resources = template["Resources"] as JsonObject ?? [];
        _parameters = template["Parameters"] as JsonObject ?? [];
        _conditions = template["Conditions"] as JsonObject ?? [];
        _mappings = template["Mappings"] as JsonObject ?? [];
    }

    public IReadOnlyList<TemplateError> Errors => _errors;

    public TemplateLoadOptions Options => _options;

    /// <summary>Records a problem once, however many times resolution meets it (a name is resolved both as a property and for Ref).</summary>
    public void AddError(string path, string message)
    {
        var error = new TemplateError(path, message);
        if (_reported.Add(error))
        {
            _errors.Add(error);
        }
    }

    /// <summary>Returns a copy of <paramref name="node"/> with every intrinsic function resolved and AWS::NoValue removed.</summary>
    public JsonNode? Resolve(JsonNode? node, string path)
    {
        var result = ResolveNode(node, path);
        return ReferenceEquals(result, NoValue) ? null : result;
    }

    /// <summary>Resolves a node that must produce a string; numbers and booleans are written as CloudFormation writes them.</summary>
    public string? ResolveString(JsonNode? node, string path)
    {
        var value = ResolveNode(node, path);
        if (value is null || ReferenceEquals(value, NoValue))
        {
            return null;
        }

        if (TryScalarText(value, out var text))
        {
            return text;
        }

        AddError(path, $"expected a string but the value resolves to {Describe(value)}");
        return null;
    }

    public bool EvaluateCondition(string name, string path)
    {
        if (_conditionValues.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!_conditions.TryGetPropertyValue(name, out var expression))
        {
            AddError(path, $"condition '{name}' is not defined in the template's Conditions section");
            return false;
        }

        if (!_conditionsInProgress.Add(name))
        {
            AddError(path, $"condition '{name}' refers to itself");
            return false;
        }

        var value = EvaluateConditionExpression(expression, $"Conditions.{name}");
        _conditionsInProgress.Remove(name);
        _conditionValues[name] = value;
        return value;
    }

    /// <summary>The physical name the local cloud gives a resource: its explicit name property if set, else a stable generated one.</summary>
    public string PhysicalName(string logicalId, string path)
    {
        if (_names.TryGetValue(logicalId, out var known))
        {
            return known;
        }

        var resource = _resources[logicalId] as JsonObject;
        var type = TypeName(resource?["Type"]) ?? "Unknown";
        var info = ResourceTypeInfo.For(type);
        var properties = resource?["Properties"] as JsonObject;
        if (!_namesInProgress.Add(logicalId))
        {
            AddError(path, $"the name of resource '{logicalId}' depends on itself");
            return logicalId;
        }

        string? name = null;
        if (info.NameProperty is { } nameProperty && properties?[nameProperty] is { } explicitName)
        {
            name = ResolveString(explicitName, $"Resources.{logicalId}.Properties.{nameProperty}");
        }

        name ??= GenerateName(logicalId, info, properties);
        _namesInProgress.Remove(logicalId);
        _names[logicalId] = name;
        return name;
    }

    public string? ArnOf(string logicalId, string path)
    {
        var resource = _resources[logicalId] as JsonObject;
        var type = TypeName(resource?["Type"]) ?? "Unknown";
        var info = ResourceTypeInfo.For(type);
        var name = PhysicalName(logicalId, path);
        string? bus = null;
        if (type == "AWS::Events::Rule" && resource?["Properties"] is JsonObject properties && properties["EventBusName"] is { } busNode)
        {
            bus = BusNameFromNameOrArn(ResolveString(busNode, $"Resources.{logicalId}.Properties.EventBusName"));
        }

        return info.ArnFor(name, _options.Region, _options.AccountId, bus)
            ?? GenericArn(type, name);
    }

    public string QueueUrl(string queueName) => $"{_options.QueueUrlBase.TrimEnd('/')}/{_options.AccountId}/{queueName}";

    public static string? BusNameFromNameOrArn(string? nameOrArn)
    {
        if (nameOrArn is null)
        {
            return null;
        }

        var marker = nameOrArn.IndexOf(":event-bus/", StringComparison.Ordinal);
        return marker >= 0 ? nameOrArn[(marker + ":event-bus/".Length)..] : nameOrArn;
    }

    private JsonNode? ResolveNode(JsonNode? node, string path)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj when obj.Count == 1 && IsIntrinsicName(obj.First().Key):
                var (name, argument) = obj.First();
                return ResolveIntrinsic(name, argument, $"{path}.{name}");
            case JsonObject obj:
                var resolvedObject = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    var resolved = ResolveNode(value, $"{path}.{key}");
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        resolvedObject[key] = resolved;
                    }
                }

                return resolvedObject;
            case JsonArray array:
                var resolvedArray = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var resolved = ResolveNode(array[i], $"{path}[{i}]");
                    if (!ReferenceEquals(resolved, NoValue))
                    {
                        resolvedArray.Add(resolved);
                    }
                }

                return resolvedArray;
            default:
                return node.DeepClone();
        }
    }

    private static bool IsIntrinsicName(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? ResolveIntrinsic(string name, JsonNode? argument, string path) => name switch
    {
        "Ref" => Ref(argument, path),
        "Fn::GetAtt" => GetAtt(argument, path),
        "Fn::Join" => Join(argument, path),
        "Fn::Sub" => Sub(argument, path),
        "Fn::Select" => Select(argument, path),
        "Fn::Split" => Split(argument, path),
        "Fn::If" => If(argument, path),
        "Fn::GetAZs" => GetAzs(argument, path),
        "Fn::Base64" => Base64(argument, path),
        "Fn::FindInMap" => FindInMap(argument, path),
        "Fn::ToJsonString" => ToJsonString(argument, path),
        "Fn::Length" => Length(argument, path),
        "Fn::ImportValue" => Fail(path, $"Fn::ImportValue imports '{Describe(argument)}' from another stack; the local cloud deploys a single stack and has no exports to import from"),
        "Fn::Equals" or "Fn::Not" or "Fn::And" or "Fn::Or" => Fail(path, $"{name} is a condition function: use it in the Conditions section and refer to the condition with Fn::If"),
        _ => Fail(path, $"intrinsic function '{name}' is not supported by the local cloud"),
    };

    private JsonNode? Fail(string path, string message)
    {
        AddError(path, message);
        return null;
    }

    private JsonNode? Ref(JsonNode? argument, string path)
    {
        if (argument is not JsonValue value || !value.TryGetValue<string>(out var name))
        {
            return Fail(path, $"Ref takes the name of a parameter, resource or pseudo parameter, not {Describe(argument)}");
        }

        switch (name)
        {
            case "AWS::Region":
                return _options.Region;
            case "AWS::AccountId":
                return _options.AccountId;
            case "AWS::Partition":
                return "aws";
            case "AWS::StackName":
                return _options.StackName;
            case "AWS::StackId":
                return $"arn:aws:cloudformation:{_options.Region}:{_options.AccountId}:stack/{_options.StackName}/{StableGuid(_options.StackName)}";
            case "AWS::URLSuffix":
                return "amazonaws.com";
            case "AWS::NoValue":
                return NoValue;
            case "AWS::NotificationARNs":
                return new JsonArray();
        }

        if (name.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return Fail(path, $"Ref to unknown pseudo parameter '{name}'");
        }

        if (_parameters.ContainsKey(name))
        {
            return ParameterValue(name, path)?.DeepClone();
        }

        if (_resources[name] is JsonObject resource)
        {
            if (!IsCreated(name, resource, path))
            {
                return Fail(path, $"Ref to resource '{name}', which is not created because its condition '{resource["Condition"]}' is false");
            }

            var type = TypeName(resource["Type"]) ?? "Unknown";
            var info = ResourceTypeInfo.For(type);
            var physicalName = PhysicalName(name, path);
            return info.RefKind switch
            {
                ResourceTypeInfo.RefArn => ArnOf(name, path),
                ResourceTypeInfo.RefUrl => QueueUrl(physicalName),
                _ => physicalName,
            };
        }

        return Fail(path, $"Ref to '{name}': the template has no parameter or resource of that name");
    }

    private JsonNode? ParameterValue(string name, string path)
    {
        if (_parameterValues.TryGetValue(name, out var known))
        {
            return known;
        }

        var definition = _parameters[name] as JsonObject ?? [];
        var type = TypeName(definition["Type"]) ?? "String";
        string? text;
        if (_options.Parameters.TryGetValue(name, out var supplied))
        {
            text = supplied;
        }
        else if (definition["Default"] is { } defaultValue && TryScalarText(defaultValue, out var defaultText))
        {
            text = defaultText;
        }
        else
        {
            AddError(path, $"parameter '{name}' has no Default and no value was supplied");
            _parameterValues[name] = null;
            return null;
        }

        if (definition["AllowedValues"] is JsonArray allowed
            && !allowed.Any(a => a is not null && TryScalarText(a, out var allowedText) && allowedText == text))
        {
            AddError(path, $"parameter '{name}' has value '{text}', which is not one of its AllowedValues");
        }

        JsonNode? value = type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
            ? new JsonArray(text.Split(',').Select(p => (JsonNode?)JsonValue.Create(p.Trim())).ToArray())
            : JsonValue.Create(text);
        _parameterValues[name] = value;
        return value;
    }

    private bool IsCreated(string logicalId, JsonObject resource, string path) =>
        resource["Condition"] is not JsonValue condition
        || !condition.TryGetValue<string>(out var conditionName)
        || EvaluateCondition(conditionName, path);

    private JsonNode? GetAtt(JsonNode? argument, string path)
    {
        string? logicalId = null;
        string? attribute = null;
        switch (argument)
        {
            case JsonArray { Count: 2 } pair:
                logicalId = pair[0] is JsonValue idValue && idValue.TryGetValue<string>(out var id) ? id : null;
                attribute = ResolveString(pair[1], $"{path}[1]");
                break;
            case JsonValue dotted when dotted.TryGetValue<string>(out var text) && text.Contains('.', StringComparison.Ordinal):
                var dot = text.IndexOf('.', StringComparison.Ordinal);
                logicalId = text[..dot];
                attribute = text[(dot + 1)..];
                break;
        }

        if (logicalId is null || attribute is null)
        {
            return Fail(path, $"Fn::GetAtt takes [logicalId, attributeName] or \"logicalId.attributeName\", not {Describe(argument)}");
        }

        return AttributeValue(logicalId, attribute, path);
    }

    private JsonNode? AttributeValue(string logicalId, string attribute, string path)
    {
        if (_resources[logicalId] is not JsonObject resource)
        {
            return Fail(path, $"Fn::GetAtt refers to resource '{logicalId}', which the template does not define");
        }

        if (!IsCreated(logicalId, resource, path))
        {
            return Fail(path, $"Fn::GetAtt refers to resource '{logicalId}', which is not created because its condition '{resource["Condition"]}' is false");
        }

        var type = TypeName(resource["Type"]) ?? "Unknown";
        var name = PhysicalName(logicalId, path);
        var properties = resource["Properties"] as JsonObject;
        JsonNode? result = (type, attribute) switch
        {
            (_, "Arn") when type != "AWS::SNS::Topic" => ArnOf(logicalId, path),
            ("AWS::Events::EventBus", "Name") => name,
            ("AWS::Events::Archive", "ArchiveName") => name,
            ("AWS::SQS::Queue", "QueueName") => name,
            ("AWS::SQS::Queue", "QueueUrl") => QueueUrl(name),
            ("AWS::DynamoDB::Table", "StreamArn") when properties?["StreamSpecification"] is not null =>
                $"{ArnOf(logicalId, path)}/stream/1970-01-01T00:00:00.000",
            ("AWS::StepFunctions::StateMachine", "Name") => name,
            ("AWS::IAM::Role", "RoleId") => "AROA" + StableSuffix(_options.StackName + "/" + logicalId, 17),
            ("AWS::SNS::Topic", "TopicArn") => ArnOf(logicalId, path),
            ("AWS::SNS::Topic", "TopicName") => name,
            _ => null,
        };

        return result ?? Fail(path, $"attribute '{attribute}' of {type} '{logicalId}' is not available locally");
    }

    private JsonNode? Join(JsonNode? argument, string path)
    {
        if (argument is not JsonArray { Count: 2 } pair || pair[0] is not JsonValue delimiterValue
            || !delimiterValue.TryGetValue<string>(out var delimiter))
        {
            return Fail(path, $"Fn::Join takes [delimiter, [values...]], not {Describe(argument)}");
        }

        if (ResolveNode(pair[1], $"{path}[1]") is not JsonArray values)
        {
            return Fail(path, "the second element of Fn::Join must resolve to a list");
        }

        var parts = new List<string>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } part && TryScalarText(part, out var text))
            {
                parts.Add(text);
            }
            else
            {
                AddError($"{path}[1][{i}]", $"Fn::Join can only join strings, not {Describe(values[i])}");
            }
        }

        return string.Join(delimiter, parts);
    }

    private JsonNode? Sub(JsonNode? argument, string path)
    {
        string? template;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        switch (argument)
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                template = text;
                break;
            case JsonArray { Count: 2 } pair when pair[0] is JsonValue first && first.TryGetValue<string>(out var text):
                template = text;
                if (pair[1] is not JsonObject map)
                {
                    return Fail(path, "the second element of Fn::Sub must be a map of variable names to values");
                }

                foreach (var (key, value) in map)
                {
                    variables[key] = ResolveString(value, $"{path}[1].{key}");
                }

                break;
            default:
                return Fail(path, $"Fn::Sub takes a string or [string, {{variables}}], not {Describe(argument)}");
        }

        var builder = new StringBuilder();
        var index = 0;
        while (index < template.Length)
        {
            var start = template.IndexOf("${", index, StringComparison.Ordinal);
            if (start < 0)
            {
                builder.Append(template, index, template.Length - index);
                break;
            }

            builder.Append(template, index, start - index);
            var end = template.IndexOf('}', start);
            if (end < 0)
            {
                return Fail(path, $"Fn::Sub string has an unterminated '${{' at position {start}");
            }

            var variable = template[(start + 2)..end];
            if (variable.StartsWith('!'))
            {
                builder.Append("${").Append(variable, 1, variable.Length - 1).Append('}');
            }
            else
            {
                builder.Append(SubstituteVariable(variable.Trim(), variables, path));
            }

            index = end + 1;
        }

        return builder.ToString();
    }

    private string SubstituteVariable(string variable, Dictionary<string, string?> variables, string path)
    {
        if (variables.TryGetValue(variable, out var supplied))
        {
            return supplied ?? string.Empty;
        }

        JsonNode? value;
        if (variable.Contains('.', StringComparison.Ordinal) && !variable.StartsWith("AWS::", StringComparison.Ordinal))
        {
            var dot = variable.IndexOf('.', StringComparison.Ordinal);
            value = AttributeValue(variable[..dot], variable[(dot + 1)..], $"{path}.${{{variable}}}");
        }
        else
        {
            value = Ref(JsonValue.Create(variable), $"{path}.${{{variable}}}");
        }

        if (value is not null && !ReferenceEquals(value, NoValue) && TryScalarText(value, out var text))
        {
            return text;
        }

        if (value is not null && !ReferenceEquals(value, NoValue))
        {
            AddError(path, $"Fn::Sub variable '{variable}' resolves to {Describe(value)}, not a string");
        }

        return string.Empty;
    }

    private JsonNode? Select(JsonNode? argument, string path)
    {
        if (argument is not JsonArray { Count: 2 } pair)
        {
            return Fail(path, $"Fn::Select takes [index, [values...]], not {Describe(argument)}");
        }

        var indexText = ResolveString(pair[0], $"{path}[0]");
        if (!int.TryParse(indexText, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return Fail(path, $"Fn::Select index must be a non-negative integer, not '{indexText}'");
        }

        if (ResolveNode(pair[1], $"{path}[1]") is not JsonArray values)
        {
            return Fail(path, "the second element of Fn::Select must resolve to a list");
        }

        return index < values.Count
            ? values[index]?.DeepClone()
            : Fail(path, $"Fn::Select index {index} is out of range for a list of {values.Count} element(s)");
    }

    private JsonNode? Split(JsonNode? argument, string path)
    {
        if (argument is not JsonArray { Count: 2 } pair || pair[0] is not JsonValue delimiterValue
            || !delimiterValue.TryGetValue<string>(out var delimiter) || delimiter.Length == 0)
        {
            return Fail(path, $"Fn::Split takes [delimiter, source string], not {Describe(argument)}");
        }

        var source = ResolveString(pair[1], $"{path}[1]");
        return source is null
            ? null
            : new JsonArray(source.Split(delimiter).Select(p => (JsonNode?)JsonValue.Create(p)).ToArray());
    }

    private JsonNode? If(JsonNode? argument, string path)
    {
        if (argument is not JsonArray { Count: 3 } triple || triple[0] is not JsonValue conditionValue
            || !conditionValue.TryGetValue<string>(out var condition))
        {
            return Fail(path, $"Fn::If takes [conditionName, valueIfTrue, valueIfFalse], not {Describe(argument)}");
        }

        return EvaluateCondition(condition, path)
            ? ResolveNode(triple[1], $"{path}[1]")
            : ResolveNode(triple[2], $"{path}[2]");
    }

    private JsonArray GetAzs(JsonNode? argument, string path)
    {
        var region = ResolveString(argument, path);
        if (string.IsNullOrEmpty(region))
        {
            region = _options.Region;
        }

        return new JsonArray(JsonValue.Create(region + "a"), JsonValue.Create(region + "b"), JsonValue.Create(region + "c"));
    }

    private JsonNode? Base64(JsonNode? argument, string path)
    {
        var text = ResolveString(argument, path);
        return text is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
    }

    private JsonNode? FindInMap(JsonNode? argument, string path)
    {
        if (argument is not JsonArray { Count: 3 } keys)
        {
            return Fail(path, $"Fn::FindInMap takes [mapName, topLevelKey, secondLevelKey], not {Describe(argument)}");
        }

        var mapName = ResolveString(keys[0], $"{path}[0]");
        var top = ResolveString(keys[1], $"{path}[1]");
        var second = ResolveString(keys[2], $"{path}[2]");
        if (mapName is null || top is null || second is null)
        {
            return null;
        }

        return _mappings[mapName]?[top]?[second] is { } found
            ? found.DeepClone()
            : Fail(path, $"Fn::FindInMap: mapping '{mapName}' has no entry [{top}][{second}]");
    }

    private JsonNode? ToJsonString(JsonNode? argument, string path)
    {
        var value = Resolve(argument, path);
        return value is JsonObject or JsonArray
            ? value.ToJsonString()
            : Fail(path, "Fn::ToJsonString takes an object or a list");
    }

    private JsonNode? Length(JsonNode? argument, string path) =>
        Resolve(argument, path) is JsonArray list ? list.Count : Fail(path, "Fn::Length takes a list");

    private bool EvaluateConditionExpression(JsonNode? expression, string path)
    {
        if (expression is not JsonObject { Count: 1 } obj)
        {
            AddError(path, $"a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition, not {Describe(expression)}");
            return false;
        }

        var (name, argument) = obj.First();
        var argumentPath = $"{path}.{name}";
        switch (name)
        {
            case "Condition" when argument is JsonValue value && value.TryGetValue<string>(out var conditionName):
                return EvaluateCondition(conditionName, argumentPath);
            case "Fn::Equals" when argument is JsonArray { Count: 2 } pair:
                return ValuesEqual(Resolve(pair[0], $"{argumentPath}[0]"), Resolve(pair[1], $"{argumentPath}[1]"));
            case "Fn::Not" when argument is JsonArray { Count: 1 } single:
                return !EvaluateConditionExpression(single[0], $"{argumentPath}[0]");
            case "Fn::And" when argument is JsonArray { Count: >= 2 and <= 10 } all:
                return all.Select((c, i) => EvaluateConditionExpression(c, $"{argumentPath}[{i}]")).ToList().TrueForAll(v => v);
            case "Fn::Or" when argument is JsonArray { Count: >= 2 and <= 10 } any:
                return any.Select((c, i) => EvaluateConditionExpression(c, $"{argumentPath}[{i}]")).ToList().Exists(v => v);
            default:
                AddError(argumentPath, $"malformed condition {name}: Fn::Equals takes 2 values, Fn::Not 1 condition, Fn::And/Fn::Or 2 to 10 conditions, Condition a name");
                return false;
        }
    }

    private static bool ValuesEqual(JsonNode? left, JsonNode? right)
    {
        if (left is not null && right is not null && TryScalarText(left, out var leftText) && TryScalarText(right, out var rightText))
        {
            return leftText == rightText;
        }

        return JsonNode.DeepEquals(left, right);
    }

    public static bool TryScalarText(JsonNode node, out string text)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<string>(out var s))
            {
                text = s;
                return true;
            }

            if (value.TryGetValue<bool>(out var b))
            {
                text = b ? "true" : "false";
                return true;
            }

            var raw = value.ToJsonString();
            if (raw.Length > 0 && (char.IsDigit(raw[0]) || raw[0] == '-'))
            {
                text = raw;
                return true;
            }
        }

        text = string.Empty;
        return false;
    }

    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject obj => obj.Count == 1 ? $"an object {{{obj.First().Key}: ...}}" : "an object",
        JsonArray array => $"a list of {array.Count} element(s)",
        _ => node.ToJsonString(),
    };

    private string GenerateName(string logicalId, ResourceTypeInfo info, JsonObject? properties)
    {
        var fifo = info.Type == "AWS::SQS::Queue" && properties?["FifoQueue"] is JsonValue fifoValue
            && ((fifoValue.TryGetValue<bool>(out var b) && b) || (fifoValue.TryGetValue<string>(out var s) && s == "true"));
        var suffix = StableSuffix(_options.StackName + "/" + logicalId, 12) + (fifo ? ".fifo" : string.Empty);
        // CloudFormation leaves the stack name out of generated state machine names (MyStateMachine6C968CA5-Ab12...).
        var prefix = info.Type == "AWS::StepFunctions::StateMachine" ? logicalId : $"{_options.StackName}-{logicalId}";
        var room = info.MaxNameLength - suffix.Length - 1;
        if (prefix.Length > room)
        {
            prefix = prefix[..Math.Max(room, 1)];
        }

        return $"{prefix}-{suffix}";
    }

    private static string StableSuffix(string seed, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[hash[i % hash.Length] % alphabet.Length];
        }

        return new string(chars);
    }

    private static Guid StableGuid(string seed) => new(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16));

    private string GenericArn(string type, string name)
    {
        var parts = type.Split("::");
        var service = parts.Length > 1 ? parts[1].ToLowerInvariant() : "unknown";
        var resource = parts.Length > 2 ? parts[2].ToLowerInvariant() : "resource";
        return $"arn:aws:{service}:{_options.Region}:{_options.AccountId}:{resource}/{name}";
    }

    /// <summary>A resource's or parameter's <c>Type</c>; null when it is missing or not a string (reported where the type matters).</summary>
    private static string? TypeName(JsonNode? type) => type is JsonValue value && value.TryGetValue<string>(out var name) ? name : null;
}
