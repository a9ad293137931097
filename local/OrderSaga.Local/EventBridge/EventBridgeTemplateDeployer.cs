using OrderSaga.Local.Events;
using OrderSaga.Local.Templates;

namespace OrderSaga.Local.EventBridge;

/// <summary>
/// Creates what a synthesized template declares for EventBridge: its buses, log groups, rules with their targets, and
/// archives. Queues, state machines and functions are deployed by their own services first, since targets name them.
/// </summary>
internal static class EventBridgeTemplateDeployer
{
    /// <returns>What was deployed with a caveat, one line each (e.g. a scheduled rule, which the local cloud never fires).</returns>
    public static IReadOnlyList<string> Deploy(EventBridgeService service, StackModel model)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(model);
        var notes = new List<string>();
        foreach (var bus in model.EventBuses)
        {
            service.CreateEventBus(bus.Name);
        }

        foreach (var group in model.LogGroups)
        {
            service.Logs.CreateLogGroup(group.Name, group.RetentionInDays);
        }

        foreach (var rule in model.Rules)
        {
            var state = string.Equals(rule.State, "DISABLED", StringComparison.OrdinalIgnoreCase) ? RuleState.Disabled : RuleState.Enabled;
            service.PutRule(rule.Name, rule.EventBusName, rule.EventPattern, rule.ScheduleExpression, state, rule.Description);
            if (rule.ScheduleExpression is not null)
            {
                notes.Add($"Rule {rule.LogicalId} ({rule.Name}) has ScheduleExpression {rule.ScheduleExpression}: scheduled rules are listed but never fired locally.");
            }

            if (rule.Targets.Count > 0)
            {
                service.PutTargets(rule.Name, rule.EventBusName, [.. rule.Targets.Select(ToTarget)]);
            }

            foreach (var target in rule.Targets.Where(t => TargetDispatcher.ServiceOf(t.Arn) is not ("states" or "lambda" or "sqs" or "logs")))
            {
                notes.Add($"Rule {rule.LogicalId} target {target.Id} ({target.Arn}) is of a kind the local cloud does not deliver to: its events go to the failure log or dead-letter queue.");
            }
        }

        foreach (var archive in model.Archives)
        {
            service.CreateArchive(archive.Name, archive.SourceArn, archive.Description, archive.EventPattern, archive.RetentionDays);
        }

        return notes;
    }

    private static EventTarget ToTarget(RuleTarget target)
    {
        var defaults = new RetryPolicy();
        return new EventTarget(
            target.Id,
            target.Arn,
            target.RoleArn,
            target.Input,
            target.InputPath,
            target.InputTransformer is { } t ? new InputTransformer(t.InputPathsMap, t.InputTemplate) : null,
            target.RetryPolicy is { } r
                ? new RetryPolicy(r.MaximumRetryAttempts ?? defaults.MaximumRetryAttempts, r.MaximumEventAgeInSeconds ?? defaults.MaximumEventAgeInSeconds)
                : null,
            target.DeadLetterArn);
    }
}
