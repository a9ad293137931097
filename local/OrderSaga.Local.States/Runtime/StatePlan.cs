using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using OrderSaga.Local.States.Json;
using OrderSaga.Local.States.Model;

namespace OrderSaga.Local.States.Runtime;

/// <summary>
/// What the interpreter derives from a state once and reuses on every execution: the constant parts of its history
/// events' details, its parsed Task target, and, for lambda:invoke, a ResultSelector that reads the function's payload
/// directly. Built on first use and kept beside the (immutable) state for as long as the state lives.
/// </summary>
internal sealed class StatePlan
{
    private static readonly ConditionalWeakTable<State, StatePlan> Plans = [];

    private Tuple<string, DeferredJson>? _scheduled;

    private StatePlan(State state)
    {
        EnteredType = state.TypeName + "StateEntered";
        ExitedType = state.TypeName + "StateExited";
        EnteredDetails = new DeferredTemplate(new JsonObject { ["name"] = state.Name, ["inputDetails"] = NotTruncated() });
        ExitedDetails = new DeferredTemplate(new JsonObject { ["name"] = state.Name, ["outputDetails"] = NotTruncated() });
        if (state is not TaskState task)
        {
            return;
        }

        Target = TaskTarget.For(task.Resource);
        if (Target.IsDirectLambda)
        {
            LambdaScheduledDetails = new DeferredTemplate(new JsonObject { ["resource"] = task.Resource, ["inputDetails"] = NotTruncated() });
            SucceededDetails = new DeferredTemplate(new JsonObject { ["outputDetails"] = NotTruncated() });
        }
        else
        {
            StartedDetails = new DeferredTemplate(new JsonObject { ["resourceType"] = Target.ResourceType, ["resource"] = Target.ResourceName });
            SucceededDetails = new DeferredTemplate(new JsonObject
            {
                ["resourceType"] = Target.ResourceType,
                ["resource"] = Target.ResourceName,
                ["outputDetails"] = NotTruncated(),
            });
        }

        if (Target.IsLambdaInvoke && task.ResultSelector is { } selector && OnPayload(selector.Root) is { } onPayload)
        {
            PayloadSelector = new PayloadTemplate(onPayload);
        }
    }

    public string EnteredType { get; }

    public string ExitedType { get; }

    public DeferredJson EnteredDetails { get; }

    /// <summary>StateExited details when the state assigns no variables.</summary>
    public DeferredJson ExitedDetails { get; }

    public TaskTarget? Target { get; }

    public DeferredJson? LambdaScheduledDetails { get; }

    public DeferredJson? StartedDetails { get; }

    public DeferredJson? SucceededDetails { get; }

    /// <summary>
    /// A lambda:invoke Task's ResultSelector when it reads nothing but <c>$.Payload...</c>, rewritten to read the payload
    /// itself, so the invoke response around it need not be built; null otherwise.
    /// </summary>
    public PayloadTemplate? PayloadSelector { get; }

    public static StatePlan For(State state) => Plans.GetValue(state, static s => new StatePlan(s));

    /// <summary>TaskScheduled details of an integration without a timeout or heartbeat; they name the region.</summary>
    public DeferredJson ScheduledDetails(string region)
    {
        if (_scheduled is { } cached && cached.Item1 == region)
        {
            return cached.Item2;
        }

        DeferredJson details = new DeferredTemplate(new JsonObject
        {
            ["resourceType"] = Target!.ResourceType,
            ["resource"] = Target.ResourceName,
            ["region"] = region,
        });
        _scheduled = Tuple.Create(region, details);
        return details;
    }

    private static JsonObject NotTruncated() => new() { ["truncated"] = false };

    private static PayloadTemplate.TemplateNode? OnPayload(PayloadTemplate.TemplateNode node)
    {
        switch (node)
        {
            case PayloadTemplate.ConstantNode:
                return node;
            case PayloadTemplate.PathNode { Path: { Root: JsonPathRoot.Input, IsRootOnly: false } path } p
                when path.Segments[0] is JsonPath.NameSegment { Name: "Payload" }:
                return new PayloadTemplate.PathNode(p.Field, path.WithoutFirstSegment());
            case PayloadTemplate.ObjectNode o:
                var members = new List<KeyValuePair<string, PayloadTemplate.TemplateNode>>(o.Members.Count);
                foreach (var kv in o.Members)
                {
                    if (OnPayload(kv.Value) is not { } member)
                    {
                        return null;
                    }

                    members.Add(new(kv.Key, member));
                }

                return new PayloadTemplate.ObjectNode(members);
            case PayloadTemplate.ArrayNode a:
                var items = new List<PayloadTemplate.TemplateNode>(a.Items.Count);
                foreach (var item in a.Items)
                {
                    if (OnPayload(item) is not { } mapped)
                    {
                        return null;
                    }

                    items.Add(mapped);
                }

                return new PayloadTemplate.ArrayNode(items);
            default:
                return null;
        }
    }
}
