namespace OrderSaga.Local.Events;

/// <summary>
/// Compiles a pattern's text into match branches (one per combination of <c>$or</c> choices), each a map of dotted
/// field path → accepted values. It walks the tokens in document order and reports the first problem with AWS's
/// wording, as AWS's own streaming compiler does. A key given twice keeps its last value, as AWS does.
/// </summary>
internal static class PatternCompiler
{
    private const string OrKeyword = "$or";

    // Names AWS reserves for operators; they cannot be field names inside $or.
    private static readonly HashSet<string> ReservedInOr = new(StringComparer.Ordinal)
    {
        "exactly", "equals-ignore-case", "prefix", "suffix", "anything-but", "exists", "wildcard", "numeric", "cidr",
        "=", "<", "<=", ">", ">=", "regex", "not-wildcard", "not-equals-ignore-case", "date-after", "date-on-or-after",
        "date-before", "date-on-or-before", "in-date-range", "ip-address-in-range", "ip-address-not-in-range",
    };

    private const int MaxDepth = 100;

    // Each $or choice multiplies the branches to match; past this the rule costs too much per event.
    private const int MaxBranches = 1000;

    private const string TooComplex = "Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character";

    public static List<Dictionary<string, ValueMatcher[]>> Compile(string text)
    {
        var reader = new PatternReader(text);
        var rules = new List<Dictionary<string, ValueMatcher[]>>();
        if (reader.Next().Kind != PatternTokenKind.StartObject)
        {
            throw Barf("Filter is not an object");
        }

        ParseObject(rules, [], reader, insideOr: false, depth: 0);
        CheckWildcardComplexity(rules);
        return rules;
    }

    private static void ParseObject(List<Dictionary<string, ValueMatcher[]>> rules, List<string> path, PatternReader reader, bool insideOr, int depth)
    {
        // Bounds recursion so a hostile pattern gets an error, not a stack overflow.
        if (depth > MaxDepth)
        {
            throw Barf($"Pattern nesting is deeper than {MaxDepth} levels");
        }

        var fieldsPresent = false;
        while (reader.Next().Kind != PatternTokenKind.EndObject)
        {
            fieldsPresent = true;
            var step = reader.Current.Text;
            if (step == OrKeyword)
            {
                ParseOr(rules, path, reader, depth + 1);
                continue;
            }

            if (insideOr && ReservedInOr.Contains(step))
            {
                throw Barf($"{step} is Ruler reserved fieldName which cannot be used inside {OrKeyword}.");
            }

            switch (reader.Next().Kind)
            {
                case PatternTokenKind.StartObject:
                    path.Add(step);
                    ParseObject(rules, path, reader, insideOr, depth + 1);
                    path.RemoveAt(path.Count - 1);
                    break;
                case PatternTokenKind.StartArray:
                    var name = path.Count == 0 ? step : string.Join('.', path) + "." + step;
                    WriteRules(rules, name, reader);
                    break;
                default:
                    throw Barf($"\"{step}\" must be an object or an array");
            }
        }

        if (!fieldsPresent)
        {
            throw Barf("Empty objects are not allowed");
        }
    }

    private static void ParseOr(List<Dictionary<string, ValueMatcher[]>> rules, List<string> path, PatternReader reader, int depth)
    {
        var current = rules.Select(r => new Dictionary<string, ValueMatcher[]>(r, StringComparer.Ordinal)).ToList();
        rules.Clear();
        if (reader.Next().Kind != PatternTokenKind.StartArray)
        {
            throw Barf($"It must be an Array followed with {OrKeyword}.");
        }

        var count = 0;
        while (reader.Next().Kind != PatternTokenKind.EndArray)
        {
            count++;
            if (reader.Current.Kind != PatternTokenKind.StartObject)
            {
                throw Barf($"Only JSON object is allowed in array of {OrKeyword} relationship.");
            }

            var branch = current.Select(r => new Dictionary<string, ValueMatcher[]>(r, StringComparer.Ordinal)).ToList();
            if (branch.Count == 0)
            {
                branch.Add(new Dictionary<string, ValueMatcher[]>(StringComparer.Ordinal));
            }

            ParseObject(branch, path, reader, insideOr: true, depth + 1);
            rules.AddRange(branch);
            if (rules.Count > MaxBranches)
            {
                throw Barf(TooComplex);
            }
        }

        if (count < 2)
        {
            throw Barf($"There must have at least 2 Objects in {OrKeyword} relationship.");
        }
    }

    private static void WriteRules(List<Dictionary<string, ValueMatcher[]>> rules, string name, PatternReader reader)
    {
        var values = new List<ValueMatcher>();
        while (reader.Next().Kind != PatternTokenKind.EndArray)
        {
            var token = reader.Current;
            switch (token.Kind)
            {
                case PatternTokenKind.StartObject:
                    values.Add(MatchExpression(reader));
                    break;
                case PatternTokenKind.String:
                    values.Add(new ExactStringMatcher(token.Text));
                    break;
                case PatternTokenKind.Number:
                    // A number AWS cannot compare (an account id, 1e20) still matches by its text.
                    var ok = ComparableNumber.TryParse(token.Text, out var number);
                    values.Add(new ExactNumberMatcher(token.Text, number, ok));
                    break;
                case PatternTokenKind.Null:
                    values.Add(new LiteralMatcher(LeafKind.Null));
                    break;
                case PatternTokenKind.True:
                    values.Add(new LiteralMatcher(LeafKind.True));
                    break;
                case PatternTokenKind.False:
                    values.Add(new LiteralMatcher(LeafKind.False));
                    break;
                default:
                    throw Barf("Match value must be String, number, true, false, or null");
            }
        }

        if (values.Count == 0)
        {
            throw Barf("Empty arrays are not allowed");
        }

        if (rules.Count == 0)
        {
            rules.Add(new Dictionary<string, ValueMatcher[]>(StringComparer.Ordinal));
        }

        var compiled = values.ToArray();
        foreach (var rule in rules)
        {
            rule[name] = compiled;
        }
    }

    private static ValueMatcher MatchExpression(PatternReader reader)
    {
        if (reader.Next().Kind != PatternTokenKind.FieldName)
        {
            throw Barf("Match expression name not found");
        }

        var type = reader.Current.Text;
        switch (type)
        {
            case "exactly":
                {
                    var value = ExpectString(reader, "exact match pattern must be a string");
                    ExpectEndObject(reader, "Only one key allowed in match expression");
                    return new ExactStringMatcher(value);
                }

            case "prefix":
            case "suffix":
                {
                    var token = reader.Next();
                    if (token.Kind == PatternTokenKind.StartObject)
                    {
                        var inner = reader.Next();
                        if (inner.Kind != PatternTokenKind.FieldName)
                        {
                            throw Barf(type == "prefix" ? "Prefix expression name not found" : "Suffix expression name not found");
                        }

                        if (inner.Text != "equals-ignore-case")
                        {
                            throw Barf($"Unsupported {type} pattern: {inner.Text}");
                        }

                        var folded = ExpectString(reader, "equals-ignore-case match pattern must be a string");
                        ExpectEndObject(reader, "Only one key allowed in match expression");
                        ExpectEndObject(reader, "Only one key allowed in match expression");
                        return type == "prefix" ? new PrefixMatcher(folded, true) : new SuffixMatcher(folded, true);
                    }

                    if (token.Kind != PatternTokenKind.String)
                    {
                        throw Barf($"{type} match pattern must be a string");
                    }

                    ExpectEndObject(reader, "Only one key allowed in match expression");
                    return type == "prefix" ? new PrefixMatcher(token.Text, false) : new SuffixMatcher(token.Text, false);
                }

            case "numeric":
                {
                    if (reader.Next().Kind != PatternTokenKind.StartArray)
                    {
                        throw Barf("Value of numeric must be an array.");
                    }

                    var range = NumericExpression(reader);
                    ExpectEndObject(reader, "Too many elements in numeric expression");
                    return range;
                }

            case "anything-but":
                return AnythingBut(reader);

            case "exists":
                {
                    var token = reader.Next();
                    ValueMatcher matcher = token.Kind switch
                    {
                        PatternTokenKind.True => ExistsMatcher.Instance,
                        PatternTokenKind.False => AbsenceMatcher.Instance,
                        _ => throw Barf("exists match pattern must be either true or false."),
                    };
                    ExpectEndObject(reader, "Only one key allowed in match expression");
                    return matcher;
                }

            case "cidr":
                {
                    // AWS reports a non-string CIDR with the prefix wording.
                    var value = ExpectString(reader, "prefix match pattern must be a string");
                    var range = IpRange.Parse(value);
                    ExpectEndObject(reader, "Only one key allowed in match expression");
                    return new CidrMatcher(range);
                }

            case "equals-ignore-case":
                {
                    var value = ExpectString(reader, "equals-ignore-case match pattern must be a string");
                    ExpectEndObject(reader, "Only one key allowed in match expression");
                    return new EqualsIgnoreCaseMatcher(value);
                }

            case "wildcard":
                {
                    var value = ExpectString(reader, "wildcard match pattern must be a string");
                    var pattern = WildcardPattern.Parse(value);
                    ExpectEndObject(reader, "Only one key allowed in match expression");
                    return new WildcardValueMatcher(pattern, value);
                }

            default:
                throw Barf($"Unrecognized match type {type}");
        }
    }

    private static ValueMatcher AnythingBut(PatternReader reader)
    {
        string? op = null;
        var token = reader.Next();
        if (token.Kind == PatternTokenKind.StartObject)
        {
            var name = reader.Next();
            if (name.Kind != PatternTokenKind.FieldName)
            {
                throw Barf("Anything-But expression name not found");
            }

            op = name.Text;
            if (op is not ("equals-ignore-case" or "prefix" or "suffix" or "wildcard"))
            {
                throw Barf($"Unsupported anything-but pattern: {op}");
            }

            token = reader.Next();
        }

        if (token.Kind is not (PatternTokenKind.StartArray or PatternTokenKind.String or PatternTokenKind.Number))
        {
            throw Barf("Value of anything-but must be an array or single string/number value.");
        }

        ValueMatcher result;
        if (op is null)
        {
            var strings = new HashSet<string>(StringComparer.Ordinal);
            var numbers = new HashSet<long>();
            if (token.Kind == PatternTokenKind.StartArray)
            {
                while (reader.Next().Kind != PatternTokenKind.EndArray)
                {
                    var item = reader.Current;
                    if (item.Kind == PatternTokenKind.String)
                    {
                        strings.Add(item.Text);
                    }
                    else if (item.Kind == PatternTokenKind.Number)
                    {
                        numbers.Add(Comparable(item.Text));
                    }
                    else
                    {
                        throw Barf("Inside anything but list, start|null|boolean is not supported.");
                    }
                }

                if ((strings.Count > 0) == (numbers.Count > 0))
                {
                    throw Barf("Inside anything but list, either all values are number or string, mixed type is not supported");
                }
            }
            else if (token.Kind == PatternTokenKind.String)
            {
                strings.Add(token.Text);
            }
            else
            {
                numbers.Add(Comparable(token.Text));
            }

            result = new AnythingButMatcher(strings, numbers, []);
        }
        else
        {
            var values = new List<string>();
            if (token.Kind == PatternTokenKind.StartArray)
            {
                while (reader.Next().Kind != PatternTokenKind.EndArray)
                {
                    values.Add(SetValue(reader.Current, op));
                }
            }
            else
            {
                values.Add(SetValue(token, op));
            }

            var excluded = new ValueMatcher[values.Count];
            var strings = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < values.Count; i++)
            {
                excluded[i] = op switch
                {
                    "prefix" => new PrefixMatcher(values[i], false),
                    "suffix" => new SuffixMatcher(values[i], false),
                    "wildcard" => new WildcardValueMatcher(WildcardPattern.Parse(values[i]), values[i]),
                    _ => new EqualsIgnoreCaseMatcher(values[i]),
                };
            }

            result = new AnythingButMatcher(strings, [], excluded);
        }

        ExpectEndObject(reader, "Too many elements in numeric expression");
        if (op is not null)
        {
            ExpectEndObject(reader, "Too many elements in numeric expression");
        }

        return result;
    }

    private static string SetValue(PatternToken token, string op)
    {
        if (token.Kind != PatternTokenKind.String)
        {
            throw Barf(op switch
            {
                "equals-ignore-case" => "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.",
                "wildcard" => "wildcard match pattern must be a string",
                _ => "prefix/suffix match pattern must be a string",
            });
        }

        if (op is "prefix" or "suffix" && token.Text.Length == 0)
        {
            throw Barf("Null prefix/suffix not allowed");
        }

        return token.Text;
    }

    private static NumericRangeMatcher NumericExpression(PatternReader reader)
    {
        var token = reader.Next();
        if (token.Kind != PatternTokenKind.String)
        {
            throw Barf($"Invalid member in numeric match: {TokenText(token)}");
        }

        var op = token.Text;
        token = reader.Next();
        switch (op)
        {
            case "=":
                {
                    var value = ExpectNumeric(token, "Value of equals must be numeric");
                    if (reader.Next().Kind != PatternTokenKind.EndArray)
                    {
                        throw Barf("Too many elements in numeric expression");
                    }

                    return new NumericRangeMatcher(value, false, value, false);
                }

            case ">=":
            case ">":
                {
                    var bottom = ExpectNumeric(token, $"Value of {op} must be numeric");
                    var open = op == ">";
                    token = reader.Next();
                    if (token.Kind == PatternTokenKind.EndArray)
                    {
                        return new NumericRangeMatcher(bottom, open, long.MaxValue, false);
                    }

                    if (token.Kind != PatternTokenKind.String)
                    {
                        throw Barf($"Bad value in numeric range: {TokenText(token)}");
                    }

                    var topOp = token.Text;
                    if (topOp is not ("<" or "<="))
                    {
                        throw Barf($"Bad numeric range operator: {topOp}");
                    }

                    var top = ExpectNumeric(reader.Next(), $"Value of {topOp} must be numeric");
                    if (reader.Next().Kind != PatternTokenKind.EndArray)
                    {
                        throw Barf("Too many terms in numeric range expression");
                    }

                    if (bottom >= top)
                    {
                        throw Barf("Bottom must be less than top");
                    }

                    return new NumericRangeMatcher(bottom, open, top, topOp == "<");
                }

            case "<=":
            case "<":
                {
                    var top = ExpectNumeric(token, $"Value of {op} must be numeric");
                    if (reader.Next().Kind != PatternTokenKind.EndArray)
                    {
                        throw Barf("Too many elements in numeric expression");
                    }

                    return new NumericRangeMatcher(long.MinValue, false, top, op == "<");
                }

            default:
                throw Barf($"Unrecognized numeric range operator: {op}");
        }
    }

    private static long ExpectNumeric(PatternToken token, string message) =>
        token.Kind == PatternTokenKind.Number ? Comparable(token.Text) : throw Barf(message);

    private static long Comparable(string text)
    {
        var error = ComparableNumber.Parse(text, out var value);
        return error is null ? value : throw Barf(error);
    }

    // AWS builds one matcher per field for rules that agree on the fields before it (in path order) and refuses
    // the rule when the wildcard values sharing a matcher are too costly; this mirrors that grouping.
    private static void CheckWildcardComplexity(List<Dictionary<string, ValueMatcher[]>> rules)
    {
        if (!rules.Any(r => r.Values.Any(values => values.Any(v => v.Wildcards is not null))))
        {
            return;
        }

        var machines = new Dictionary<string, Dictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var prefix = string.Empty;
            foreach (var (path, values) in rule.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                var key = prefix + "\u0002" + path;
                if (!machines.TryGetValue(key, out var terms))
                {
                    machines[key] = terms = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                }

                foreach (var value in values)
                {
                    if (value.Wildcards is { } wildcards)
                    {
                        terms.TryAdd(value.Identity, wildcards);
                    }
                }

                // Fields after one that only accepts absence are not reached through a value, so AWS does not weigh them.
                if (values.All(v => v.IsAbsence))
                {
                    break;
                }

                prefix = key + "=" + string.Join('\u0001', values.Select(v => v.Identity).Order(StringComparer.Ordinal));
            }
        }

        foreach (var terms in machines.Values)
        {
            if (terms.Count > 0 && WildcardComplexity.Evaluate(terms.Select(t => (t.Key, t.Value)).ToArray()) > WildcardComplexity.Limit)
            {
                throw Barf(TooComplex);
            }
        }
    }

    private static string ExpectString(PatternReader reader, string message)
    {
        var token = reader.Next();
        return token.Kind == PatternTokenKind.String ? token.Text : throw Barf(message);
    }

    private static void ExpectEndObject(PatternReader reader, string message)
    {
        if (reader.Next().Kind != PatternTokenKind.EndObject)
        {
            throw Barf(message);
        }
    }

    private static string TokenText(PatternToken token) => token.Kind switch
    {
        PatternTokenKind.StartObject => "{",
        PatternTokenKind.EndObject => "}",
        PatternTokenKind.StartArray => "[",
        PatternTokenKind.EndArray => "]",
        _ => token.Text,
    };

    private static InvalidEventPatternException Barf(string reason) => new(reason);
}
