using System.Globalization;
using System.Text;

namespace OrderSaga.Local.Tests.BadInput;

/// <summary>
/// Generates malformed, oversized and hostile JSON request bodies for one operation: fixed families (not JSON,
/// truncated, wrong root type, wrong member types, huge, deeply nested, invalid UTF-8, lone surrogates) plus seeded
/// random ones. Bodies are built as text by hand so they can hold what a serializer would refuse to write.
/// </summary>
internal static class HostileJson
{
    public const int DeepLevels = 10_000;

    /// <summary>Strings that no API accepts as a name or identifier: each has a character outside every name alphabet, or is too long.</summary>
    public static readonly IReadOnlyList<(string Label, string Value)> Strings =
    [
        ("empty", string.Empty),
        ("spaces", "   "),
        ("controls", "\0\u0001\b\u001f\u007f"),
        ("lone-high-surrogate", "\ud800"),
        ("lone-low-surrogate", "\udc00x"),
        ("bidi-bom", "\uFEFF\u202Ename"),
        ("emoji", "名前 🚀"),
        ("path-traversal", "../../../etc/passwd"),
        ("markup", "<x a='1'>&amp;</x>"),
        ("percent", "%00%ff%"),
        ("sql", "' OR '1'='1"),
        ("template", "${jndi:ldap://x}"),
        ("jsonpath", "$.a[?(@.b)]"),
        ("arn-empty", "arn:"),
        ("arn-colons", "arn:aws:states:::::::::"),
        ("arn-machine-missing", "arn:aws:states:us-east-1:000000000000:stateMachine:"),
        ("arn-execution-missing", "arn:aws:states:us-east-1:000000000000:execution:BadInputMachine:missing/x"),
        ("arn-other-account", "arn:aws:states:us-east-1:999999999999:stateMachine:BadInputMachine"),
        ("arn-queue-missing", "arn:aws:sqs:us-east-1:000000000000:nope?"),
        ("url-queue-missing", "http://127.0.0.1:1/000000000000/nope?"),
        ("arn-bus-missing", "arn:aws:events:us-east-1:000000000000:event-bus/nope?"),
        ("arn-archive-missing", "arn:aws:events:us-east-1:000000000000:archive/nope?"),
        ("long-300", new string('A', 300)),
        ("long-70k", new string('a', 70_000)),
        ("open-brace", "{"),
        ("open-brackets", "[[[["),
        ("truncated-object", "{\"a\":"),
        ("deep-json-text", new string('[', DeepLevels) + new string(']', DeepLevels)),
        ("deep-object-text", DeepObjectText(2_000)),
    ];

    /// <summary>Raw JSON values of every type but string.</summary>
    public static readonly IReadOnlyList<(string Label, string Json)> WrongTypes =
    [
        ("zero", "0"),
        ("negative", "-1"),
        ("fraction", "1.5"),
        ("overflow", "1e400"),
        ("big-integer", "99999999999999999999999"),
        ("true", "true"),
        ("false", "false"),
        ("null", "null"),
        ("empty-array", "[]"),
        ("mixed-array", "[1,\"a\",null,{},[],true,\"\\ud800\"]"),
        ("empty-object", "{}"),
        ("nested-object", "{\"a\":{\"b\":[{\"c\":null}]}}"),
    ];

    /// <summary>Member names found inside nested request structures (entries, targets, destinations), for random objects.</summary>
    private static readonly string[] NestedMembers =
    [
        "Id", "Arn", "Input", "InputPath", "InputTransformer", "InputPathsMap", "InputTemplate", "RetryPolicy",
        "MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DeadLetterConfig", "RoleArn", "Source", "DetailType",
        "Detail", "EventBusName", "Resources", "Time", "TraceHeader", "ReceiptHandle", "MessageBody", "FilterArns",
        "DelaySeconds", "VisibilityTimeout", "SqsParameters", "MessageGroupId",
    ];

    public static IEnumerable<HostileCase> Bodies(IReadOnlyList<string> members, IReadOnlyDictionary<string, string> anchors, int seed, int randomCount)
    {
        var first = members.Count > 0 ? members[0] : "Name";
        yield return Text("not-json", "hello, world");
        yield return Text("xml", "<Request><Action>x</Action></Request>");
        yield return Text("form", "Action=ListQueues&Version=2012-11-05");
        yield return Text("truncated-member", $"{{\"{first}\": \"abc");
        yield return Text("truncated-open", "{");
        yield return Text("unterminated-array", "[1,2");
        yield return Text("trailing-garbage", "{} {}");
        yield return Text("trailing-comma", $"{{\"{first}\": \"a\",}}");
        yield return Text("single-quotes", $"{{'{first}': 'a'}}");
        yield return Text("comment", "/* hi */ {}");
        yield return Text("root-array", "[]");
        yield return Text("root-string", "\"x\"");
        yield return Text("root-number", "42");
        yield return Text("root-null", "null");
        yield return Text("root-true", "true");
        yield return Text("deep-object", DeepObjectText(DeepLevels));
        yield return Text("deep-array", new string('[', DeepLevels) + new string(']', DeepLevels));
        yield return Text("deep-in-member", $"{{\"{first}\": {new string('[', DeepLevels)}{new string(']', DeepLevels)}}}");
        yield return Text("unknown-members", "{\"__proto__\": {\"polluted\": true}, \"constructor\": {}, \"Zzz\": \"x\", \"\": \"\"}");
        yield return Text("duplicate-member", $"{{\"{first}\": \"a\", \"{first}\": 1}}");
        yield return Text("huge-body-1.1MiB", $"{{\"{first}\": \"{new string('x', 1_150_000)}\"}}");
        yield return Text("huge-string-900KiB", $"{{\"{first}\": \"{new string('x', 900_000)}\"}}");
        yield return Text("huge-member-count", "{" + string.Join(',', Enumerable.Range(0, 20_000).Select(i => $"\"m{i}\":{i}")) + "}");
        yield return new HostileCase("invalid-utf8-in-string", [.. Encoding.UTF8.GetBytes($"{{\"{first}\": \""), 0xFF, 0xFE, 0xC3, .. "\"}"u8]);
        yield return new HostileCase("invalid-utf8-member-name", [.. "{\""u8, 0xC0, 0xAF, .. "\": 1}"u8]);
        yield return new HostileCase("utf16-body", Encoding.Unicode.GetBytes($"{{\"{first}\": \"a\"}}"));
        yield return new HostileCase("nul-bytes", [0, 0, 0, 0]);

        foreach (var (prefix, fixedMembers) in Variants(anchors))
        {
            foreach (var member in members.Where(m => !fixedMembers.ContainsKey(m)))
            {
                foreach (var (label, value) in Strings)
                {
                    yield return Text($"{prefix}{member}={label}", ObjectText(fixedMembers, (member, Encode(value))));
                }

                foreach (var (label, json) in WrongTypes)
                {
                    yield return Text($"{prefix}{member}:{label}", ObjectText(fixedMembers, (member, json)));
                }

                yield return Text($"{prefix}{member}:hostile-items", ObjectText(fixedMembers, (member, HostileItemsArray())));
            }
        }

        var random = new Random(seed);
        for (var i = 0; i < randomCount; i++)
        {
            var fixedMembers = anchors.Count > 0 && random.Next(2) == 0 ? anchors : new Dictionary<string, string>();
            var chosen = members.Where(m => !fixedMembers.ContainsKey(m) && random.Next(2) == 0)
                .Append(random.Next(4) == 0 ? RandomName(random) : null)
                .OfType<string>()
                .Select(m => (m, RandomValue(random, depth: 0)))
                .ToArray();
            var text = ObjectText(fixedMembers, chosen);
            switch (random.Next(6))
            {
                case 0:
                    yield return Text($"random-{i}-truncated", text[..random.Next(text.Length)]);
                    break;
                case 1:
                    var bytes = new byte[random.Next(1, 64)];
                    random.NextBytes(bytes);
                    yield return new HostileCase($"random-{i}-bytes", bytes);
                    break;
                default:
                    yield return Text($"random-{i}", text);
                    break;
            }
        }
    }

    /// <summary>A JSON string literal for any .NET string, lone surrogates and control characters escaped as <c>\uXXXX</c>.</summary>
    public static string Encode(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c < 0x20 || c == '"' || c == '\\' || char.IsSurrogate(c) || c > 0x7E)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append('"').ToString();
    }

    public static string DeepObjectText(int levels) => string.Concat(Enumerable.Repeat("{\"a\":", levels)) + "1" + new string('}', levels);

    private static IEnumerable<(string Prefix, IReadOnlyDictionary<string, string> Fixed)> Variants(IReadOnlyDictionary<string, string> anchors)
    {
        yield return (string.Empty, new Dictionary<string, string>());
        if (anchors.Count > 0)
        {
            yield return ("anchored:", anchors);
        }
    }

    private static string ObjectText(IReadOnlyDictionary<string, string> fixedMembers, params (string Name, string Json)[] members) =>
        "{" + string.Join(',', fixedMembers.Select(m => $"{Encode(m.Key)}:{m.Value}").Concat(members.Select(m => $"{Encode(m.Name)}:{m.Json}"))) + "}";

    private static string HostileItemsArray() =>
        "[" + string.Join(',', WrongTypes.Select(w => w.Json)
            .Concat(Strings.Take(12).Select(s => Encode(s.Value)))
            .Append("{" + string.Join(',', NestedMembers.Select((m, i) => $"{Encode(m)}:{WrongTypes[i % WrongTypes.Count].Json}")) + "}")
            .Append("{" + string.Join(',', NestedMembers.Select((m, i) => $"{Encode(m)}:{Encode(Strings[i % Strings.Count].Value)}")) + "}")
            .Append("""{"Id":"t?","Arn":"arn?","InputTransformer":{"InputPathsMap":{"a":1,"b":null,"c":["$.x"]},"InputTemplate":"<a>"},"RetryPolicy":{"MaximumRetryAttempts":"1"},"Resources":[1,null],"FilterArns":[1,{}]}""")) + "]";

    private static string RandomValue(Random random, int depth)
    {
        switch (random.Next(depth >= 4 ? 3 : 6))
        {
            case 0:
                return Encode(Strings[random.Next(Strings.Count)].Value);
            case 1:
                return WrongTypes[random.Next(WrongTypes.Count)].Json;
            case 2:
                return Encode(RandomName(random));
            case 3:
            case 4:
                var members = Enumerable.Range(0, random.Next(0, 5))
                    .Select(_ => $"{Encode(random.Next(3) == 0 ? RandomName(random) : NestedMembers[random.Next(NestedMembers.Length)])}:{RandomValue(random, depth + 1)}");
                return "{" + string.Join(',', members) + "}";
            default:
                return "[" + string.Join(',', Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomValue(random, depth + 1))) + "]";
        }
    }

    private static string RandomName(Random random)
    {
        var chars = new char[random.Next(1, 24)];
        for (var i = 0; i < chars.Length; i++)
        {
            // Mostly printable ASCII, sometimes anything in the BMP (controls, surrogates included).
            chars[i] = random.Next(4) == 0 ? (char)random.Next(0, 0xFFFF) : (char)random.Next(0x20, 0x7F);
        }

        // Never a valid name: the trailing character is outside every AWS name alphabet.
        return new string(chars) + "?";
    }

    private static HostileCase Text(string label, string text) => new(label, Encoding.UTF8.GetBytes(text));
}
