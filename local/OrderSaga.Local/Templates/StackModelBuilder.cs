using System.Text.Json.Nodes;

namespace OrderSaga.Local.Templates;

/// <summary>Builds the typed model of each resource the local cloud supports, and the list of those it ignores with a reason.</summary>
internal sealed class StackModelBuilder(JsonObject template, IntrinsicResolver resolver)
{
    private const string AssetPathMetadata = "aws:asset:path";

    private readonly List<EventBusResource> _buses = [];
    private readonly List<RuleResource> _rules = [];
    private readonly List<ArchiveResource> _archives = [];
    private readonly List<QueueResource> _queues = [];
    private readonly List<TableResource> _tables = [];
    private readonly List<FunctionResource> _functions = [];
    private readonly List<StateMachineResource> _stateMachines = [];
    private readonly List<LogGroupResource> _logGroups = [];
    private readonly List<IgnoredResource> _ignored = [];

    private TemplateLoadOptions Options => resolver.Options;

    public StackModel Build()
    {
        if (template["Resources"] is not JsonObject resources || resources.Count == 0)
        {
            resolver.AddError("Resources", "the template has no resources");
        }
        else
        {
            foreach (var (logicalId, node) in resources)
            {
                BuildResource(logicalId, node);
            }
        }

        return new StackModel(
            Options.StackName, Options.Region, Options.AccountId,
            _buses, _rules, _archives, _queues, _tables, _functions, _stateMachines, _logGroups, _ignored, BuildOutputs());
    }

    private void BuildResource(string logicalId, JsonNode? node)
    {
        var path = $"Resources.{logicalId}";
        if (node is not JsonObject resource || resource["Type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type))
        {
            resolver.AddError(path, "a resource must be an object with a string Type");
            return;
        }

        if (resource["Condition"] is JsonValue conditionValue && conditionValue.TryGetValue<string>(out var condition)
            && !resolver.EvaluateCondition(condition, $"{path}.Condition"))
        {
            _ignored.Add(new IgnoredResource(logicalId, type, $"its condition '{condition}' is false"));
            return;
        }

        var ignoredReason = IgnoredReason(type);
        if (ignoredReason is not null)
        {
            _ignored.Add(new IgnoredResource(logicalId, type, ignoredReason));
            return;
        }

        var propertiesPath = $"{path}.Properties";
        var properties = resolver.Resolve(resource["Properties"], propertiesPath) as JsonObject ?? [];
        var reader = new PropertyReader(properties, propertiesPath, resolver);
        var name = resolver.PhysicalName(logicalId, path);
        var arn = resolver.ArnOf(logicalId, path) ?? string.Empty;
        switch (type)
        {
            case "AWS::Events::EventBus":
                _buses.Add(new EventBusResource(logicalId, name, arn));
                break;
            case "AWS::Events::Rule":
                _rules.Add(BuildRule(logicalId, name, arn, reader));
                break;
            case "AWS::Events::Archive":
                _archives.Add(new ArchiveResource(
                    logicalId, name, arn, reader.RequiredString("SourceArn"), reader.JsonText("EventPattern"),
                    reader.Int("RetentionDays") ?? 0, reader.String("Description")));
                break;
            case "AWS::SQS::Queue":
                _queues.Add(BuildQueue(logicalId, name, arn, reader));
                break;
            case "AWS::DynamoDB::Table":
                _tables.Add(BuildTable(logicalId, name, arn, reader));
                break;
            case "AWS::Lambda::Function" when reader.String("Runtime") is { } runtime && !runtime.StartsWith("dotnet", StringComparison.Ordinal):
                // CDK adds helper functions of its own (custom resource providers, log retention) on Node.js.
                _ignored.Add(new IgnoredResource(logicalId, type, $"Lambda runtime '{runtime}' cannot run locally; only the .NET managed runtimes do"));
                break;
            case "AWS::Lambda::Function":
                _functions.Add(BuildFunction(logicalId, name, arn, reader, resource["Metadata"] as JsonObject));
                break;
            case "AWS::StepFunctions::StateMachine":
                _stateMachines.Add(BuildStateMachine(logicalId, name, arn, reader));
                break;
            case "AWS::Logs::LogGroup":
                _logGroups.Add(new LogGroupResource(logicalId, name, arn, reader.Int("RetentionInDays")));
                break;
        }
    }

    private static string? IgnoredReason(string type) => type switch
    {
        "AWS::Events::EventBus" or "AWS::Events::Rule" or "AWS::Events::Archive" or "AWS::SQS::Queue" or "AWS::DynamoDB::Table"
            or "AWS::Lambda::Function" or "AWS::StepFunctions::StateMachine" or "AWS::Logs::LogGroup" => null,
        _ when type.StartsWith("AWS::IAM::", StringComparison.Ordinal) => "IAM is not enforced locally",
        "AWS::CloudWatch::Alarm" or "AWS::CloudWatch::CompositeAlarm" => "CloudWatch alarms are not evaluated locally",
        "AWS::CloudWatch::Dashboard" => "dashboards are not rendered locally; the local console shows executions, queues and tables",
        "AWS::Lambda::Permission" or "AWS::SQS::QueuePolicy" or "AWS::Events::EventBusPolicy" or "AWS::SNS::TopicPolicy"
            => "resource policies are not enforced locally",
        "AWS::Logs::ResourcePolicy" => "resource policies are not enforced locally",
        "AWS::CDK::Metadata" => "CDK usage metadata has no effect at run time",
        _ when type.StartsWith("Custom::", StringComparison.Ordinal) || type == "AWS::CloudFormation::CustomResource"
            => "custom resources are not run locally",
        _ => $"{type} is not supported by the local cloud",
    };

    private RuleResource BuildRule(string logicalId, string name, string arn, PropertyReader reader)
    {
        var targets = new List<RuleTarget>();
        foreach (var target in reader.Objects("Targets"))
        {
            var transformer = target.Object("InputTransformer");
            TargetInputTransformer? inputTransformer = null;
            if (transformer is not null)
            {
                var paths = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (key, value) in transformer.Object("InputPathsMap")?.Properties ?? [])
                {
                    if (value is not null && IntrinsicResolver.TryScalarText(value, out var text))
                    {
                        paths[key] = text;
                    }
                    else
                    {
                        resolver.AddError($"{transformer.Path}.InputPathsMap.{key}", "expected a JSONPath string");
                    }
                }

                inputTransformer = new TargetInputTransformer(paths, transformer.RequiredString("InputTemplate"));
            }

            var retry = target.Object("RetryPolicy");
            targets.Add(new RuleTarget(
                target.RequiredString("Id"),
                target.RequiredString("Arn"),
                target.String("RoleArn"),
                target.String("Input"),
                target.String("InputPath"),
                inputTransformer,
                retry is null ? null : new TargetRetryPolicy(retry.Int("MaximumRetryAttempts"), retry.Int("MaximumEventAgeInSeconds")),
                target.Object("DeadLetterConfig")?.String("Arn"),
                target.Object("SqsParameters")?.String("MessageGroupId")));
        }

        var pattern = reader.JsonText("EventPattern");
        var schedule = reader.String("ScheduleExpression");
        if (pattern is null && schedule is null)
        {
            resolver.AddError(reader.Path, "a rule needs an EventPattern or a ScheduleExpression");
        }

        return new RuleResource(
            logicalId, name, arn,
            IntrinsicResolver.BusNameFromNameOrArn(reader.String("EventBusName")) ?? "default",
            reader.String("Description"), pattern, schedule, reader.String("State") ?? "ENABLED", targets);
    }

    private QueueResource BuildQueue(string logicalId, string name, string arn, PropertyReader reader)
    {
        QueueRedrivePolicy? redrive = null;
        if (reader.JsonObjectOrText("RedrivePolicy") is { } redriveObject)
        {
            var redriveReader = new PropertyReader(redriveObject, $"{reader.Path}.RedrivePolicy", resolver);
            redrive = new QueueRedrivePolicy(
                redriveReader.RequiredString("deadLetterTargetArn"),
                redriveReader.Int("maxReceiveCount") ?? RequiredIntError(redriveReader, "maxReceiveCount"));
        }

        return new QueueResource(
            logicalId, name, arn, resolver.QueueUrl(name),
            reader.Bool("FifoQueue"),
            reader.Bool("ContentBasedDeduplication"),
            reader.Int("VisibilityTimeout") ?? 30,
            reader.Int("MessageRetentionPeriod") ?? 345600,
            reader.Int("DelaySeconds") ?? 0,
            reader.Int("ReceiveMessageWaitTimeSeconds") ?? 0,
            reader.Int("MaximumMessageSize") ?? 262144,
            redrive);
    }

    private int RequiredIntError(PropertyReader reader, string name)
    {
        resolver.AddError($"{reader.Path}.{name}", "is required");
        return 0;
    }

    private TableResource BuildTable(string logicalId, string name, string arn, PropertyReader reader)
    {
        var keySchema = KeySchema(reader, "KeySchema");
        if (keySchema.Count == 0)
        {
            resolver.AddError($"{reader.Path}.KeySchema", "a table needs a key schema");
        }

        var attributes = reader.Objects("AttributeDefinitions")
            .Select(a => new TableAttributeDefinition(a.RequiredString("AttributeName"), a.RequiredString("AttributeType")))
            .ToList();
        foreach (var key in keySchema.Where(k => attributes.TrueForAll(a => a.AttributeName != k.AttributeName)))
        {
            resolver.AddError($"{reader.Path}.AttributeDefinitions", $"key attribute '{key.AttributeName}' has no attribute definition");
        }

        return new TableResource(
            logicalId, name, arn, keySchema, attributes,
            reader.String("BillingMode") ?? "PROVISIONED",
            Indexes(reader, "GlobalSecondaryIndexes"),
            Indexes(reader, "LocalSecondaryIndexes"),
            reader.Object("StreamSpecification")?.String("StreamViewType"),
            reader.Object("TimeToLiveSpecification") is { } ttl && ttl.Bool("Enabled") ? ttl.String("AttributeName") : null);
    }

    private static List<TableKeyElement> KeySchema(PropertyReader reader, string name) =>
        reader.Objects(name).Select(k => new TableKeyElement(k.RequiredString("AttributeName"), k.RequiredString("KeyType"))).ToList();

    private static List<TableIndex> Indexes(PropertyReader reader, string name) =>
        reader.Objects(name).Select(index =>
        {
            var projection = index.Object("Projection");
            return new TableIndex(
                index.RequiredString("IndexName"),
                KeySchema(index, "KeySchema"),
                projection?.String("ProjectionType") ?? "ALL",
                projection?.Strings("NonKeyAttributes") ?? []);
        }).ToList();

    private FunctionResource BuildFunction(string logicalId, string name, string arn, PropertyReader reader, JsonObject? metadata)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var variables = reader.Object("Environment")?.Object("Variables");
        foreach (var (key, _) in variables?.Properties ?? [])
        {
            environment[key] = variables!.RequiredString(key);
        }

        return new FunctionResource(
            logicalId, name, arn,
            reader.RequiredString("Handler"),
            reader.RequiredString("Runtime"),
            reader.Int("Timeout") ?? 3,
            reader.Int("MemorySize") ?? 128,
            environment,
            AssetPath(logicalId, reader, metadata),
            reader.String("Role"),
            reader.String("Description"));
    }

    private string? AssetPath(string logicalId, PropertyReader reader, JsonObject? metadata)
    {
        var codePath = $"{reader.Path}.Code";
        string? relative = null;
        if (metadata?[AssetPathMetadata] is JsonValue assetValue && assetValue.TryGetValue<string>(out var assetPath))
        {
            relative = assetPath;
        }
        else if (reader.Object("Code")?.Properties["ZipFile"] is not null)
        {
            resolver.AddError(codePath, "inline code (ZipFile) cannot run on the local .NET runtime");
            return null;
        }
        else if (AssetFolderFromS3Key(reader) is { } fromKey)
        {
            relative = fromKey;
        }
        else
        {
            resolver.AddError($"Resources.{logicalId}.Metadata", $"the function has no '{AssetPathMetadata}' metadata, so its code cannot be found locally (synthesize with asset metadata enabled)");
            return null;
        }

        var root = Options.AssetRoot ?? Directory.GetCurrentDirectory();
        var full = Path.GetFullPath(Path.IsPathRooted(relative) ? relative : Path.Combine(root, relative));
        if (Options.RequireAssets && !Directory.Exists(full))
        {
            resolver.AddError($"Resources.{logicalId}.Metadata.{AssetPathMetadata}", $"asset folder {full} does not exist; run 'cdk synth' to build it");
        }

        return full;
    }

    // Without asset metadata (an app synthesized outside the CDK CLI), the asset is still staged next to the
    // template as asset.<hash> (plus the source folder's extension, e.g. asset.<hash>.0 for bin/net8.0), and the
    // S3 key of the uploaded zip is <hash>.zip.
    private string? AssetFolderFromS3Key(PropertyReader reader)
    {
        var key = reader.Object("Code")?.String("S3Key");
        if (key is null || !key.EndsWith(".zip", StringComparison.Ordinal) || Options.AssetRoot is null || !Directory.Exists(Options.AssetRoot))
        {
            return null;
        }

        var folder = "asset." + key[..^".zip".Length];
        if (Directory.Exists(Path.Combine(Options.AssetRoot, folder)))
        {
            return folder;
        }

        var withExtension = Directory.GetDirectories(Options.AssetRoot, folder + ".*");
        return withExtension.Length == 1 ? Path.GetFileName(withExtension[0]) : null;
    }

    private StateMachineResource BuildStateMachine(string logicalId, string name, string arn, PropertyReader reader)
    {
        string? definition = null;
        if (reader.Properties["DefinitionString"] is not null)
        {
            definition = reader.String("DefinitionString");
        }
        else if (reader.Properties["Definition"] is JsonObject definitionObject)
        {
            definition = definitionObject.ToJsonString();
        }
        else if (reader.Properties["DefinitionS3Location"] is not null)
        {
            resolver.AddError($"{reader.Path}.DefinitionS3Location", "definitions stored in S3 cannot be read locally; CDK inlines the definition as DefinitionString");
        }
        else
        {
            resolver.AddError(reader.Path, "a state machine needs a DefinitionString or a Definition");
        }

        var substitutions = reader.Object("DefinitionSubstitutions");
        if (definition is not null && substitutions is not null)
        {
            foreach (var (key, _) in substitutions.Properties)
            {
                definition = definition.Replace("${" + key + "}", substitutions.RequiredString(key), StringComparison.Ordinal);
            }
        }

        if (definition is not null)
        {
            try
            {
                _ = JsonNode.Parse(definition);
            }
            catch (System.Text.Json.JsonException ex)
            {
                resolver.AddError($"{reader.Path}.DefinitionString", $"the resolved definition is not valid JSON: {ex.Message}");
            }
        }

        StateMachineLogging? logging = null;
        if (reader.Object("LoggingConfiguration") is { } loggingReader)
        {
            var groups = loggingReader.Objects("Destinations")
                .Select(d => d.Object("CloudWatchLogsLogGroup")?.String("LogGroupArn"))
                .OfType<string>()
                .ToList();
            logging = new StateMachineLogging(loggingReader.String("Level") ?? "OFF", loggingReader.Bool("IncludeExecutionData"), groups);
        }

        return new StateMachineResource(
            logicalId, name, arn, definition ?? "{}",
            reader.String("StateMachineType") ?? "STANDARD",
            reader.String("RoleArn"),
            logging,
            reader.Object("TracingConfiguration")?.Bool("Enabled") ?? false);
    }

    private List<StackOutput> BuildOutputs()
    {
        var outputs = new List<StackOutput>();
        foreach (var (key, node) in template["Outputs"] as JsonObject ?? [])
        {
            var path = $"Outputs.{key}";
            if (node is not JsonObject output)
            {
                resolver.AddError(path, "an output must be an object with a Value");
                continue;
            }

            if (output["Condition"] is JsonValue conditionValue && conditionValue.TryGetValue<string>(out var condition)
                && !resolver.EvaluateCondition(condition, $"{path}.Condition"))
            {
                continue;
            }

            var value = resolver.ResolveString(output["Value"], $"{path}.Value");
            if (value is null && output["Value"] is null)
            {
                resolver.AddError($"{path}.Value", "is required");
            }

            outputs.Add(new StackOutput(
                key, value ?? string.Empty,
                output["Description"] is { } description ? resolver.ResolveString(description, $"{path}.Description") : null,
                output["Export"]?["Name"] is { } export ? resolver.ResolveString(export, $"{path}.Export.Name") : null));
        }

        return outputs;
    }
}
