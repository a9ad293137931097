namespace OrderSaga.Local.Templates;

/// <summary>The template resolved into what the local cloud deploys, plus what it leaves out.</summary>
internal sealed record StackModel(
    string StackName,
    string Region,
    string AccountId,
    IReadOnlyList<EventBusResource> EventBuses,
    IReadOnlyList<RuleResource> Rules,
    IReadOnlyList<ArchiveResource> Archives,
    IReadOnlyList<QueueResource> Queues,
    IReadOnlyList<TableResource> Tables,
    IReadOnlyList<FunctionResource> Functions,
    IReadOnlyList<StateMachineResource> StateMachines,
    IReadOnlyList<LogGroupResource> LogGroups,
    IReadOnlyList<IgnoredResource> Ignored,
    IReadOnlyList<StackOutput> Outputs)
{
    public IEnumerable<StackResource> AllResources =>
        EventBuses.Cast<StackResource>().Concat(Rules).Concat(Archives).Concat(Queues).Concat(Tables)
            .Concat(Functions).Concat(StateMachines).Concat(LogGroups);
}
