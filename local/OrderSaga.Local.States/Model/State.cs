using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Model;

/// <summary>
/// A state of the machine, with its data-flow fields already compiled. <c>InputPath</c>/<c>OutputPath</c>/<c>ResultPath</c>
/// are null when the definition sets them to JSON null (discard), and <c>$</c> when absent.
/// </summary>
public abstract record State(string Name, string Location)
{
    public string? Comment { get; init; }

    public string? Next { get; init; }

    public bool End { get; init; }

    public JsonPath? InputPath { get; init; } = JsonPathDefaults.Root;

    public JsonPath? OutputPath { get; init; } = JsonPathDefaults.Root;

    public PayloadTemplate? Assign { get; init; }

    /// <summary>The history event type prefix: Task, Choice, Pass...</summary>
    public abstract string TypeName { get; }
}

/// <summary>Fields shared by the states that produce a result: Task, Parallel, Map (and Pass for ResultPath/Parameters).</summary>
public abstract record ResultState(string Name, string Location) : State(Name, Location)
{
    public PayloadTemplate? Parameters { get; init; }

    public PayloadTemplate? ResultSelector { get; init; }

    public JsonPath? ResultPath { get; init; } = JsonPathDefaults.Root;

    public IReadOnlyList<Retrier> Retry { get; init; } = [];

    public IReadOnlyList<Catcher> Catch { get; init; } = [];
}

public sealed record PassState(string Name, string Location) : ResultState(Name, Location)
{
    public JsonNode? Result { get; init; }

    public bool HasResult { get; init; }

    public override string TypeName => "Pass";
}

public sealed record TaskState(string Name, string Location, string Resource) : ResultState(Name, Location)
{
    public int? TimeoutSeconds { get; init; }

    public JsonPath? TimeoutSecondsPath { get; init; }

    public int? HeartbeatSeconds { get; init; }

    public JsonPath? HeartbeatSecondsPath { get; init; }

    public override string TypeName => "Task";
}

public sealed record ChoiceState(string Name, string Location, IReadOnlyList<ChoiceRule> Choices) : State(Name, Location)
{
    public string? Default { get; init; }

    public override string TypeName => "Choice";
}

public sealed record WaitState(string Name, string Location) : State(Name, Location)
{
    public long? Seconds { get; init; }

    public JsonPath? SecondsPath { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public JsonPath? TimestampPath { get; init; }

    public override string TypeName => "Wait";
}

public sealed record SucceedState(string Name, string Location) : State(Name, Location)
{
    public override string TypeName => "Succeed";
}

public sealed record FailState(string Name, string Location) : State(Name, Location)
{
    public string? Error { get; init; }

    public PathOrIntrinsic? ErrorPath { get; init; }

    public string? Cause { get; init; }

    public PathOrIntrinsic? CausePath { get; init; }

    public override string TypeName => "Fail";
}

public sealed record ParallelState(string Name, string Location, IReadOnlyList<StateMachineDefinition> Branches) : ResultState(Name, Location)
{
    public override string TypeName => "Parallel";
}

public sealed record MapState(string Name, string Location, StateMachineDefinition Processor) : ResultState(Name, Location)
{
    public MapMode Mode { get; init; }

    public bool UsesLegacyIterator { get; init; }

    public JsonPath? ItemsPath { get; init; } = JsonPathDefaults.Root;

    /// <summary>ItemSelector, or the legacy Parameters of a Map (which applies to each item).</summary>
    public PayloadTemplate? ItemSelector { get; init; }

    public int? MaxConcurrency { get; init; }

    public JsonPath? MaxConcurrencyPath { get; init; }

    public int? ToleratedFailureCount { get; init; }

    public JsonPath? ToleratedFailureCountPath { get; init; }

    public double? ToleratedFailurePercentage { get; init; }

    public JsonPath? ToleratedFailurePercentagePath { get; init; }

    public JsonNode? ItemReader { get; init; }

    public JsonNode? ItemBatcher { get; init; }

    public string? Label { get; init; }

    public override string TypeName => "Map";
}
