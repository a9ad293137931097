using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.CDK;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.Lambda;
using OrderSaga.Contracts;
using OrderSaga.Workflow.Tests.Asl;

namespace OrderSaga.Workflow.Tests;

/// <summary>
/// Synthesizes the workflow once per test class (a CDK synth starts a jsii node process and takes seconds), in a
/// stack of stand-in resources, and renders its definition to plain ASL with readable placeholders.
/// </summary>
public sealed class WorkflowSynthFixture
{
    private const string StackName = "WorkflowTestStack";

    public WorkflowSynthFixture()
    {
        var outdir = Directory.CreateTempSubdirectory("ordersaga-workflow-synth-").FullName;
        JsonObject template;
        try
        {
            template = Synthesize(outdir);
        }
        finally
        {
            Directory.Delete(outdir, recursive: true);
        }

        Asl = AslRenderer.RenderStateMachine(template, AslRenderer.Placeholder);
        AslJson = Asl.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        ValidatorInput = AslRenderer.RenderStateMachine(template, AslRenderer.ConcretePartition).ToJsonString();
        Graph = AslGraph.Parse(Asl);
    }

    private static JsonObject Synthesize(string outdir)
    {
        var app = new App(new AppProps { Outdir = outdir });
        var stack = new Stack(app, StackName);
        _ = new OrderSagaWorkflow(stack, "OrderSaga", new OrderSagaWorkflowProps
        {
            InventoryFunction = StandInFunction(stack, "InventoryFunction"),
            PaymentFunction = StandInFunction(stack, "PaymentFunction"),
            NotificationFunction = StandInFunction(stack, "NotificationFunction"),
            OrdersTable = new Table(stack, "OrdersTable", new TableProps
            {
                PartitionKey = new Amazon.CDK.AWS.DynamoDB.Attribute { Name = Contracts.TableAttributes.Orders.OrderId, Type = AttributeType.STRING },
            }),
            EventBus = new EventBus(stack, "EventBus"),
        });
        app.Synth();

        return JsonNode.Parse(File.ReadAllText(Path.Combine(outdir, StackName + ".template.json")))!.AsObject();
    }

    /// <summary>The definition with <c>${InventoryFunction.Arn}</c>-style placeholders for every CloudFormation token.</summary>
    public JsonObject Asl { get; }

    public string AslJson { get; }

    public AslGraph Graph { get; }

    /// <summary>The same ASL with the partition filled in, so that Resource fields are ARNs a validator accepts.</summary>
    public string ValidatorInput { get; }

    // The workflow only needs each function's ARN; the code behind it is irrelevant to the ASL.
    private static Function StandInFunction(Stack stack, string id) => new(stack, id, new FunctionProps
    {
        Runtime = Runtime.PYTHON_3_12,
        Handler = "index.handler",
        Code = Code.FromInline("def handler(event, context):\n    return event\n"),
    });
}
