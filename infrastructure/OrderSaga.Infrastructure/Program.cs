using Amazon.CDK;
using OrderSaga.Contracts;
using OrderSaga.Infrastructure;

var app = new App();

// cdk runs the app from the folder of cdk.json, the repository root.
_ = new OrderSagaStack(app, "OrderSagaStack", new OrderSagaStackProps
{
    Description = "OrderSaga: an order-processing saga on EventBridge, Step Functions, Lambda and DynamoDB",
    RepositoryRoot = Directory.GetCurrentDirectory(),
    BusName = app.Node.TryGetContext("busName") as string ?? EventNames.DefaultBusName,
});

app.Synth();
