namespace OrderSaga.Workflow.Tests.Asl;

/// <summary>The parts of one ASL state that the graph rules look at.</summary>
public sealed record AslState(
    string Name,
    string Type,
    string? Next,
    bool End,
    IReadOnlyList<string> ChoiceTargets,
    string? Default,
    IReadOnlyList<AslCatcher> Catchers,
    IReadOnlyList<AslRetrier> Retriers,
    int? TimeoutSeconds)
{
    public bool IsTerminal => Type is "Succeed" or "Fail" || End;

    public IEnumerable<AslEdge> Edges()
    {
        if (Next is not null)
        {
            yield return new AslEdge(Name, Next, AslEdgeKind.Next);
        }

        foreach (var target in ChoiceTargets)
        {
            yield return new AslEdge(Name, target, AslEdgeKind.ChoiceRule);
        }

        if (Default is not null)
        {
            yield return new AslEdge(Name, Default, AslEdgeKind.ChoiceDefault);
        }

        foreach (var catcher in Catchers)
        {
            yield return new AslEdge(Name, catcher.Next, AslEdgeKind.Catch);
        }
    }
}
