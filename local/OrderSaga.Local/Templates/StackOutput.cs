namespace OrderSaga.Local.Templates;

internal sealed record StackOutput(string Key, string Value, string? Description, string? ExportName);
