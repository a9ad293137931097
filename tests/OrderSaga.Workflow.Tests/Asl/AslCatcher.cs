namespace OrderSaga.Workflow.Tests.Asl;

public sealed record AslCatcher(IReadOnlyList<string> ErrorEquals, string Next, string? ResultPath);
