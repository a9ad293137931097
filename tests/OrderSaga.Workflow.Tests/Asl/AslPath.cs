namespace OrderSaga.Workflow.Tests.Asl;

/// <summary>One state on a path, with the transition that led into it (null for the path's first state).</summary>
public sealed record AslStep(string State, AslEdge? ArrivedBy);

public sealed record AslPath(IReadOnlyList<AslStep> Steps)
{
    public string Last => Steps[^1].State;

    public IEnumerable<string> StateNames => Steps.Select(s => s.State);

    public override string ToString() => string.Join(" -> ", Steps.Select(s => s.ArrivedBy?.Kind is AslEdgeKind.Catch ? "!" + s.State : s.State));
}
