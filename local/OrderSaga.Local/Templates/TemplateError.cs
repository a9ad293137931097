namespace OrderSaga.Local.Templates;

/// <summary>One problem found in a template: where it is (a path such as <c>Resources.OrdersTable.Properties.TableName</c>) and what is wrong.</summary>
internal sealed record TemplateError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
