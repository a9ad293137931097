using System.Text.Json.Nodes;
using Json.Schema;
using OrderSaga.Contracts;

namespace OrderSaga.Contracts.Tests;

/// <summary>
/// The schema as Contracts ships it (the embedded resource), parsed once: JsonSchema.Net registers a schema by its
/// <c>$id</c> on first evaluation, so every test shares one instance.
/// </summary>
internal static class OrderCreatedSchemaFile
{
    public const string ResourceName = "OrderSaga.Contracts.Schemas.order-created.schema.json";

    private static readonly Lazy<string> TextLazy = new(() =>
    {
        using var stream = typeof(OrderCreated).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in OrderSaga.Contracts");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<JsonSchema> SchemaLazy = new(() => JsonSchema.FromText(Text));

    public static string Text => TextLazy.Value;

    public static JsonSchema Schema => SchemaLazy.Value;

    /// <summary>The schema as plain JSON, for walking its structure.</summary>
    public static JsonObject Node => JsonNode.Parse(Text)!.AsObject();

    public static EvaluationResults Evaluate(JsonNode? instance) =>
        Schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    public static string Describe(EvaluationResults results) =>
        string.Join(
            "; ",
            results.Details
                .Where(detail => detail.Errors is { Count: > 0 })
                .SelectMany(detail => detail.Errors!.Select(error => $"{detail.InstanceLocation} ({error.Key}): {error.Value}")));
}
