namespace OrderSaga.Workflow.Tests.Asl;

public enum AslEdgeKind
{
    Next,
    ChoiceRule,
    ChoiceDefault,
    Catch,
}

/// <summary>A transition of the state graph; <see cref="Kind"/> says whether it is the normal path, a Choice branch or a Catch.</summary>
public sealed record AslEdge(string From, string To, AslEdgeKind Kind);
