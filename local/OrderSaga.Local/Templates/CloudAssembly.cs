using System.Text.Json;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Templates;

/// <summary>Reads the stacks that <c>cdk synth</c> wrote into a cloud assembly folder.</summary>
internal static class CloudAssembly
{
    public static IReadOnlyList<CloudAssemblyStack> ReadStacks(string directory)
    {
        var manifestPath = Path.Combine(directory, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new TemplateException(directory, [new TemplateError("manifest.json", $"no cloud assembly manifest at {manifestPath}; run 'cdk synth' first")]);
        }

        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(File.ReadAllText(manifestPath)) as JsonObject
                ?? throw new JsonException("the manifest is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new TemplateException(manifestPath, [new TemplateError("$", $"invalid JSON: {ex.Message}")]);
        }

        var stacks = new List<CloudAssemblyStack>();
        foreach (var (id, artifact) in manifest["artifacts"] as JsonObject ?? [])
        {
            if (artifact?["type"]?.GetValue<string>() != "aws:cloudformation:stack")
            {
                continue;
            }

            var properties = artifact["properties"] as JsonObject;
            var templateFile = properties?["templateFile"]?.GetValue<string>();
            if (templateFile is null)
            {
                throw new TemplateException(manifestPath, [new TemplateError($"artifacts.{id}.properties.templateFile", "is missing")]);
            }

            var stackName = properties?["stackName"]?.GetValue<string>() ?? id;
            stacks.Add(new CloudAssemblyStack(id, stackName, Path.GetFullPath(Path.Combine(directory, templateFile))));
        }

        return stacks;
    }

    /// <summary>Loads one stack of the assembly (the only one when <paramref name="stackName"/> is null) with asset paths relative to the assembly folder.</summary>
    public static StackModel LoadStack(string directory, TemplateLoadOptions options, string? stackName = null)
    {
        var stacks = ReadStacks(directory);
        var stack = stackName is null
            ? stacks.Count == 1
                ? stacks[0]
                : throw new TemplateException(directory, [new TemplateError("manifest.json", $"the assembly has {stacks.Count} stacks ({string.Join(", ", stacks.Select(s => s.StackName))}); say which one to deploy")])
            : stacks.FirstOrDefault(s => s.StackName == stackName || s.ArtifactId == stackName)
                ?? throw new TemplateException(directory, [new TemplateError("manifest.json", $"no stack named '{stackName}' (found {string.Join(", ", stacks.Select(s => s.StackName))})")]);

        return TemplateLoader.LoadFile(stack.TemplatePath, options with
        {
            StackName = stack.StackName,
            AssetRoot = options.AssetRoot ?? Path.GetFullPath(directory),
        });
    }
}
