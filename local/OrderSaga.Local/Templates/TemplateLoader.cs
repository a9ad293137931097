using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Templates;

/// <summary>Turns a CloudFormation template into the <see cref="StackModel"/> the local cloud deploys.</summary>
internal static class TemplateLoader
{
    public static StackModel LoadFile(string path, TemplateLoadOptions options)
    {
        if (!File.Exists(path))
        {
            throw new TemplateException(path, [new TemplateError("$", "the template file does not exist")]);
        }

        return Load(File.ReadAllText(path), options, path);
    }

    /// <summary>Parses and resolves a template; throws <see cref="TemplateException"/> listing every problem found.</summary>
    public static StackModel Load(string templateJson, TemplateLoadOptions options, string source = "template")
    {
        JsonObject template;
        try
        {
            template = JsonNode.Parse(templateJson) as JsonObject ?? throw new JsonException("the template is not a JSON object");
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new TemplateException(source, [new TemplateError("$", $"invalid JSON: {ex.Message}")]);
        }

        if (OrderSaga.Local.States.Json.JsonUnicode.FindInvalidString(template) is { } invalid)
        {
            throw new TemplateException(source, [new TemplateError(invalid, "the string is not valid Unicode (a lone surrogate or invalid UTF-8)")]);
        }

        var resolver = new IntrinsicResolver(template, options);
        var builder = new StackModelBuilder(template, resolver);
        var model = builder.Build();
        if (resolver.Errors.Count > 0)
        {
            throw new TemplateException(source, resolver.Errors);
        }

        return model;
    }
}
