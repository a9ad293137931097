using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;

namespace OrderSaga.Local.States.Model;

/// <summary>A Choice rule; top-level rules carry <see cref="Next"/> (and optionally Assign).</summary>
public abstract record ChoiceRule(string Location)
{
    public string? Next { get; init; }

    public PayloadTemplate? Assign { get; init; }
}

public sealed record AndRule(string Location, IReadOnlyList<ChoiceRule> Rules) : ChoiceRule(Location);

public sealed record OrRule(string Location, IReadOnlyList<ChoiceRule> Rules) : ChoiceRule(Location);

public sealed record NotRule(string Location, ChoiceRule Rule) : ChoiceRule(Location);


/// <summary>A data-test expression such as <c>NumericLessThanPath</c>; <see cref="ValuePath"/> is set for the Path forms.</summary>
public sealed record ComparisonRule(
    string Location,
    JsonPath Variable,
    string OperatorName,
    ComparisonKind Kind,
    ComparisonOperator Operator,
    JsonNode? Value,
    JsonPath? ValuePath) : ChoiceRule(Location);
