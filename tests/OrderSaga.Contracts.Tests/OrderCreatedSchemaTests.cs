using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Json.Schema;

namespace OrderSaga.Contracts.Tests;

/// <summary>The Order Created JSON Schema and the C# records must describe the same document.</summary>
public sealed class OrderCreatedSchemaTests
{
    private const string DesignSample = """
        { "orderId": "ORD-1001", "customerId": "CUST-42", "customerEmail": "ada@example.com",
          "currency": "USD",
          "items": [ { "sku": "SKU-RED-MUG", "quantity": 2, "unitPrice": 12.50 } ],
          "totalAmount": 25.00,
          "payment": { "method": "card", "token": "tok_visa" } }
        """;

    private static readonly OrderCreated SampleRecord = new(
        "ORD-2002",
        "CUST-7",
        "grace.hopper@example.org",
        "EUR",
        [new OrderItem("SKU-RED-MUG", 2, 12.50m), new OrderItem("SKU-GREEN-TEA", 1, 0m)],
        25.00m,
        new PaymentDetails("card", "tok_flaky"));

    [Fact]
    public void Schema_AgainstDraft202012MetaSchema_IsValid()
    {
        var node = JsonNode.Parse(OrderCreatedSchemaFile.Text);

        var results = MetaSchemas.Draft202012.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, OrderCreatedSchemaFile.Describe(results));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", OrderCreatedSchemaFile.Node["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void Evaluate_DesignDocumentSample_IsValidAndDeserializes()
    {
        var results = OrderCreatedSchemaFile.Evaluate(JsonNode.Parse(DesignSample));
        var order = JsonSerializer.Deserialize(DesignSample, ContractsJsonContext.Default.OrderCreated);

        Assert.True(results.IsValid, OrderCreatedSchemaFile.Describe(results));
        Assert.NotNull(order);
        Assert.Equal("ORD-1001", order.OrderId);
        Assert.Equal(new OrderItem("SKU-RED-MUG", 2, 12.50m), Assert.Single(order.Items));
        Assert.Equal(new PaymentDetails("card", "tok_visa"), order.Payment);
        Assert.Equal(25.00m, order.TotalAmount);
    }

    [Fact]
    public void Evaluate_SerializedRecord_IsValid()
    {
        var json = JsonSerializer.SerializeToNode(SampleRecord, ContractsJsonContext.Default.OrderCreated);

        var results = OrderCreatedSchemaFile.Evaluate(json);

        Assert.True(results.IsValid, $"{OrderCreatedSchemaFile.Describe(results)}\n{json}");
    }

    public static TheoryData<string, string> RecordTypes() => new()
    {
        { nameof(OrderCreated), "#" },
        { nameof(OrderItem), "#/$defs/orderItem" },
        { nameof(PaymentDetails), "#/$defs/paymentDetails" },
    };

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Schema_PropertiesOfRecord_MatchRecordMembersBothWays(string recordName, string schemaPointer)
    {
        var typeInfo = TypeInfoOf(recordName);
        var schema = Resolve(schemaPointer);
        var schemaProperties = schema["properties"]!.AsObject().Select(pair => pair.Key).Order(StringComparer.Ordinal);

        Assert.Equal(typeInfo.Properties.Select(property => property.Name).Order(StringComparer.Ordinal), schemaProperties);
        Assert.False(schema["additionalProperties"]!.GetValue<bool>(), $"{schemaPointer} must reject members the record would silently drop");
    }

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Schema_RequiredProperties_AreExactlyTheNonNullableRecordMembers(string recordName, string schemaPointer)
    {
        var typeInfo = TypeInfoOf(recordName);
        var required = Resolve(schemaPointer)["required"]!.AsArray().Select(name => name!.GetValue<string>()).Order(StringComparer.Ordinal);
        var nullability = new NullabilityInfoContext();

        // System.Text.Json on net8.0 does not enforce non-nullable members, so the schema must require them.
        // Source-generated metadata built for net8.0 carries no member info, so the record is read by reflection and
        // its names go through the context's naming policy (the first theory checks those names match the metadata).
        var nonNullable = typeInfo.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(member => nullability.Create(member).ReadState == NullabilityState.NotNull)
            .Select(member => JsonNamingPolicy.CamelCase.ConvertName(member.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            typeInfo.Properties.Select(property => property.Name).Order(StringComparer.Ordinal),
            typeInfo.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(member => JsonNamingPolicy.CamelCase.ConvertName(member.Name)).Order(StringComparer.Ordinal));

        Assert.Equal(nonNullable, required);
    }

    [Theory]
    [MemberData(nameof(RecordTypes))]
    public void Schema_PropertyTypes_MatchRecordMemberTypes(string recordName, string schemaPointer)
    {
        var typeInfo = TypeInfoOf(recordName);
        var properties = Resolve(schemaPointer)["properties"]!.AsObject();

        foreach (var property in typeInfo.Properties)
        {
            var declared = Follow(properties[property.Name]!.AsObject());
            var expected = property.PropertyType switch
            {
                var t when t == typeof(string) => "string",
                var t when t == typeof(int) => "integer",
                var t when t == typeof(decimal) => "number",
                var t when t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => "array",
                _ => "object",
            };
            Assert.True(expected == declared["type"]?.GetValue<string>(), $"{recordName}.{property.Name} is {property.PropertyType.Name}, schema says {declared["type"]}");
        }
    }

    [Theory]
    [InlineData("orderId missing", "orderId", null)]
    [InlineData("orderId empty", "orderId", "\"\"")]
    [InlineData("orderId with a space", "orderId", "\"ORD 1\"")]
    [InlineData("customerId missing", "customerId", null)]
    [InlineData("customerEmail not an address", "customerEmail", "\"ada.example.com\"")]
    [InlineData("currency lower case", "currency", "\"usd\"")]
    [InlineData("currency four letters", "currency", "\"USDT\"")]
    [InlineData("items missing", "items", null)]
    [InlineData("items empty", "items", "[]")]
    [InlineData("quantity zero", "items/0/quantity", "0")]
    [InlineData("quantity negative", "items/0/quantity", "-1")]
    [InlineData("quantity fractional", "items/0/quantity", "1.5")]
    [InlineData("quantity beyond Int32", "items/0/quantity", "2147483648")]
    [InlineData("quantity as string", "items/0/quantity", "\"2\"")]
    [InlineData("sku missing", "items/0/sku", null)]
    [InlineData("unitPrice negative", "items/0/unitPrice", "-0.01")]
    [InlineData("unknown member of an item", "items/0/colour", "\"red\"")]
    [InlineData("totalAmount zero", "totalAmount", "0")]
    [InlineData("totalAmount as string", "totalAmount", "\"25.00\"")]
    [InlineData("payment missing", "payment", null)]
    [InlineData("payment token missing", "payment/token", null)]
    [InlineData("payment method empty", "payment/method", "\"\"")]
    [InlineData("unknown member of the order", "coupon", "\"FREE\"")]
    public void Evaluate_InvalidSample_IsRejected(string description, string path, string? replacement)
    {
        var sample = JsonNode.Parse(DesignSample)!;
        var segments = path.Split('/');
        var parent = segments[..^1].Aggregate(sample, (node, segment) => int.TryParse(segment, out var index) ? node[index]! : node[segment]!);
        var last = segments[^1];
        if (replacement is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(replacement);
        }

        var results = OrderCreatedSchemaFile.Evaluate(sample);

        Assert.False(results.IsValid, $"{description}: the schema accepted {sample.ToJsonString()}");
    }

    private static JsonTypeInfo TypeInfoOf(string recordName) => recordName switch
    {
        nameof(OrderCreated) => ContractsJsonContext.Default.OrderCreated,
        nameof(OrderItem) => ContractsJsonContext.Default.GetTypeInfo(typeof(OrderItem))!,
        nameof(PaymentDetails) => ContractsJsonContext.Default.GetTypeInfo(typeof(PaymentDetails))!,
        _ => throw new ArgumentOutOfRangeException(nameof(recordName), recordName, null),
    };

    /// <summary>Walks a local JSON pointer (<c>#/$defs/orderItem</c>) in the schema document.</summary>
    private static JsonObject Resolve(string pointer) =>
        pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(OrderCreatedSchemaFile.Node, (node, segment) => node[segment]!.AsObject());

    private static JsonObject Follow(JsonObject schema) =>
        schema["$ref"] is { } reference ? Follow(Resolve(reference.GetValue<string>())) : schema;
}
